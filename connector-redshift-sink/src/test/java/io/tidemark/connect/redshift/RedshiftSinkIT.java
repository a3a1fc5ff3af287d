package io.tidemark.connect.redshift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.configs.ConnectorConfig;
import io.tidemark.connect.redshift.sql.RedshiftNames;
import io.tidemark.stack.LocalStack;
import io.tidemark.stack.junit.LocalStackExtension;
import io.tidemark.stack.kit.TopicReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * MariaDB -> Debezium -> Kafka -> this sink (deployed from src/main/etc/redshift-sink-local.json
 * through the Connect REST API, with CdcUnwrap) -> the Redshift Data API stand-in, whose tables
 * live in PostgreSQL. The target table must end equal to the source table, and the offsets
 * table must point at the topic's end.
 */
@ExtendWith(LocalStackExtension.class)
class RedshiftSinkIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String TOPIC = "rsit.rs_it.customers";
    private static final String SINK = "redshift-sink-it";

    @Test
    void cdcChangesLandExactlyAsInTheSourceTable(LocalStack stack) throws Exception {
        stack.mysql().execute(
                "CREATE DATABASE rs_it",
                "CREATE TABLE rs_it.customers (id INT PRIMARY KEY, name VARCHAR(50), balance DECIMAL(10,2))",
                "INSERT INTO rs_it.customers VALUES (1, 'snapshot row', 1.50), (2, 'it''s \\\\ quoted', 2.00)");
        stack.deploy(ConnectorConfig.load("local/debezium-mysql.json").named("rs-it-cdc"),
                Map.of("TOPIC_PREFIX", "rsit", "MYSQL_DATABASES", "rs_it", "MYSQL_SERVER_ID", "5521"), TIMEOUT);
        try (TopicReader reader = new TopicReader(stack.kafka().bootstrapServers(), TOPIC)) {
            // Changes made before the snapshot's binlog position belong to the snapshot: wait for it.
            reader.readUntil(records -> records.size() >= 2, TIMEOUT);
        }

        Map<String, String> values = new LinkedHashMap<>(stack.placeholders());
        values.put("CONNECTOR_NAME", SINK);
        values.put("TOPICS", TOPIC);
        ConnectorConfig sink = shippedConfig().render(values::get);
        stack.connect().rest().putConfig(sink.name(), sink.config());
        stack.connect().rest().awaitRunning(sink.name(), 1, TIMEOUT);

        String table = RedshiftNames.defaults().normalize(TOPIC);
        awaitEqual(stack, table);

        try (Connection connection = stack.mysql().connection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO rs_it.customers VALUES (3, 'ada', 10.25), (4, 'grace', 7.00)");
            connection.setAutoCommit(false);
            statement.execute("UPDATE rs_it.customers SET name = 'ada lovelace' WHERE id = 3");
            statement.execute("UPDATE rs_it.customers SET balance = 11.75 WHERE id = 3");
            statement.execute("UPDATE rs_it.customers SET name = NULL WHERE id = 2");
            connection.commit();
            connection.setAutoCommit(true);
            statement.execute("DELETE FROM rs_it.customers WHERE id = 1");
            statement.execute("DELETE FROM rs_it.customers WHERE id = 4");
            statement.execute("INSERT INTO rs_it.customers VALUES (4, 'grace again', 8.00)");
            // Ends with an insert, not a delete's tombstone (CdcUnwrap drops those before the sink sees them).
            statement.execute("INSERT INTO rs_it.customers VALUES (5, 'last', 0.01)");
        }
        List<List<String>> expected = awaitEqual(stack, table);
        assertThat(expected).extracting(r -> r.get(0)).containsExactly("2", "3", "4", "5");
        assertThat(expected.get(1)).containsExactly("3", "ada lovelace", "11.75");

        long end = endOffset(stack);
        Instant deadline = Instant.now().plus(TIMEOUT);
        List<List<String>> offsets = offsets(stack);
        while (!offsets.equals(List.of(List.of(TOPIC, "0", Long.toString(end)))) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            offsets = offsets(stack);
        }
        assertThat(offsets).containsExactly(List.of(TOPIC, "0", Long.toString(end)));
        assertThat(stack.connect().rest().status(SINK).toString()).doesNotContain("FAILED");
    }

    private static ConnectorConfig shippedConfig() throws Exception {
        JsonNode document = new ObjectMapper().readTree(Files.readString(Path.of("src/main/etc/redshift-sink-local.json")));
        Map<String, String> config = new LinkedHashMap<>();
        document.get("config").fields().forEachRemaining(f -> config.put(f.getKey(), f.getValue().asText()));
        return new ConnectorConfig("redshift-sink-local.json", document.get("name").asText(), config);
    }

    /** Waits until the target table equals the source table; returns the rows (id, name, balance). */
    private static List<List<String>> awaitEqual(LocalStack stack, String table) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        List<List<String>> source = List.of();
        List<List<String>> target = List.of();
        while (Instant.now().isBefore(deadline)) {
            try (Connection mysql = stack.mysql().connection()) {
                source = rows(mysql, "SELECT id, name, balance FROM rs_it.customers ORDER BY id");
            }
            try (Connection pg = stack.postgres().connection("dev")) {
                target = rows(pg, "SELECT id, name, balance FROM public." + table + " ORDER BY id");
            } catch (SQLException notThereYet) {
                target = List.of();
            }
            if (!source.isEmpty() && source.equals(target)) {
                return source;
            }
            Thread.sleep(500);
        }
        assertThat(target).as("rows in Redshift (stand-in)").isEqualTo(source);
        return source;
    }

    private static List<List<String>> offsets(LocalStack stack) throws SQLException {
        try (Connection pg = stack.postgres().connection("dev")) {
            return rows(pg, "SELECT topic, kafka_partition, next_offset FROM public.tidemark_offsets"
                    + " WHERE connector_name = '" + SINK + "' ORDER BY 1, 2");
        }
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof BigDecimal d ? d.toPlainString() : value == null ? null : value.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long endOffset(LocalStack stack) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(TOPIC, 0);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }
}
