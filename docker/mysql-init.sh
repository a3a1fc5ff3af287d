#!/bin/sh
# Creates the Debezium user with the grants the MySQL connector needs.
mysql -uroot -p"$MYSQL_ROOT_PASSWORD" <<SQL
CREATE USER IF NOT EXISTS 'debezium'@'%' IDENTIFIED BY '$DEBEZIUM_PASSWORD';
GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO 'debezium'@'%';
CREATE DATABASE IF NOT EXISTS myschema;
SQL
