package io.tidemark.e2e.chaos;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The chaos suite's MySQL workload, drawn from a seed: inserts, updates, deletes, primary-key
 * changes and multi-row transactions on {@code users} and {@code transactions}, plus the schema
 * changes the schedule asks for (ADD COLUMN, widen VARCHAR) and rows made bad on purpose. It keeps
 * a model of the keys in use, so every statement it returns is valid against MySQL when the changes
 * run in the order drawn. Kafka-free and deterministic per seed.
 */
final class ChangeGenerator {
  /** Rows made bad on purpose get keys from here on and are never touched again. */
  static final long BAD_ID_BASE = 900_000_000L;

  /**
   * The Redshift copy of {@code users.code} is pre-created this narrow; longer codes are bad rows.
   */
  static final int REDSHIFT_CODE_BYTES = 8;

  static final int INITIAL_NAME_LENGTH = 40;
  static final int NAME_WIDENING = 40;
  static final String EXTRA_COLUMN = "extra_";
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 1, 1);
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
  private static final String CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

  enum Kind {
    INSERT,
    UPDATE,
    DELETE,
    KEY_CHANGE,
    TRANSACTION,
    BAD_ROW,
    ADD_COLUMN,
    WIDEN_VARCHAR
  }

  /** What one change does: its statements run as one MySQL transaction (DDL alone). */
  record Change(Kind kind, String table, List<String> statements) {}

  /** Relative weights of the data changes {@link #next()} draws. */
  record Mix(Map<Kind, Integer> weights) {
    static Mix standard() {
      Map<Kind, Integer> w = new EnumMap<>(Kind.class);
      w.put(Kind.INSERT, 30);
      w.put(Kind.UPDATE, 35);
      w.put(Kind.DELETE, 10);
      w.put(Kind.KEY_CHANGE, 6);
      w.put(Kind.TRANSACTION, 15);
      w.put(Kind.BAD_ROW, 1);
      return new Mix(w);
    }

    Mix {
      weights = Map.copyOf(weights);
      if (weights.containsKey(Kind.ADD_COLUMN) || weights.containsKey(Kind.WIDEN_VARCHAR)) {
        throw new IllegalArgumentException("schema changes come from the schedule, not the mix");
      }
      if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
        throw new IllegalArgumentException("the mix needs a positive weight");
      }
    }
  }

  private final Random random;
  private final Mix mix;
  private final String database;
  private final KeySet users = new KeySet();
  private final KeySet transactions = new KeySet();
  private final List<String> extraColumns = new ArrayList<>();
  private final List<Long> badIds = new ArrayList<>();
  private long nextUserId = 1;
  private long nextTransactionId = 1;
  private int nameLength = INITIAL_NAME_LENGTH;
  private final int days;

  ChangeGenerator(long seed, Mix mix, String database) {
    this(seed, mix, database, 365);
  }

  /**
   * {@code days}: dates fall in that many days from {@link #FIRST_DAY} (transactions are
   * day-partitioned in Iceberg).
   */
  ChangeGenerator(long seed, Mix mix, String database, int days) {
    if (days < 1) {
      throw new IllegalArgumentException("days must be at least 1, not " + days);
    }
    this.days = days;
    this.random = new Random(seed);
    this.mix = mix;
    this.database = database;
  }

  /** The tables as the generator starts them (empty). */
  List<String> createTables() {
    return List.of(
        "CREATE DATABASE " + database,
        "CREATE TABLE "
            + database
            + ".users (id BIGINT PRIMARY KEY, registration_date DATE, name VARCHAR("
            + INITIAL_NAME_LENGTH
            + "), code VARCHAR(16), email VARCHAR(80))",
        "CREATE TABLE "
            + database
            + ".transactions (transaction_id BIGINT PRIMARY KEY, user_id BIGINT,"
            + " total_cost DECIMAL(10,2), dt DATE)");
  }

  /** The next data change, drawn from the mix. */
  Change next() {
    Kind kind = draw();
    return switch (kind) {
      case TRANSACTION -> transaction();
      case BAD_ROW -> badRow();
      default -> {
        boolean onUsers = random.nextInt(10) < 6;
        yield new Change(
            kind, onUsers ? "users" : "transactions", List.of(statement(kind, onUsers)));
      }
    };
  }

  /** ALTER TABLE users ADD COLUMN extra_n BIGINT: later updates set it. */
  Change addColumn() {
    String column = EXTRA_COLUMN + (extraColumns.size() + 1);
    extraColumns.add(column);
    return new Change(
        Kind.ADD_COLUMN,
        "users",
        List.of("ALTER TABLE " + database + ".users ADD COLUMN " + column + " BIGINT"));
  }

  /** ALTER TABLE users MODIFY name to a longer VARCHAR: later names use the room. */
  Change widenVarchar() {
    nameLength += NAME_WIDENING;
    return new Change(
        Kind.WIDEN_VARCHAR,
        "users",
        List.of("ALTER TABLE " + database + ".users MODIFY name VARCHAR(" + nameLength + ")"));
  }

  List<String> extraColumns() {
    return List.copyOf(extraColumns);
  }

  /** Keys of the rows made bad on purpose (users whose code does not fit Redshift's column). */
  List<Long> badIds() {
    return List.copyOf(badIds);
  }

  int nameLength() {
    return nameLength;
  }

  private Kind draw() {
    int total = mix.weights().values().stream().mapToInt(Integer::intValue).sum();
    int n = random.nextInt(total);
    for (Kind kind : Kind.values()) {
      n -= mix.weights().getOrDefault(kind, 0);
      if (n < 0) {
        return kind;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private Change transaction() {
    int size = 2 + random.nextInt(5);
    List<String> statements = new ArrayList<>();
    Kind[] kinds = {
      Kind.INSERT, Kind.INSERT, Kind.UPDATE, Kind.UPDATE, Kind.DELETE, Kind.KEY_CHANGE
    };
    for (int i = 0; i < size; i++) {
      statements.add(statement(kinds[random.nextInt(kinds.length)], random.nextBoolean()));
    }
    return new Change(Kind.TRANSACTION, "users,transactions", statements);
  }

  private Change badRow() {
    long id = BAD_ID_BASE + badIds.size() + 1;
    badIds.add(id);
    String code = "BAD" + randomText(CODE_LETTERS, REDSHIFT_CODE_BYTES + 1);
    return new Change(
        Kind.BAD_ROW,
        "users",
        List.of(
            "INSERT INTO "
                + database
                + ".users (id, registration_date, name, code, email)"
                + " VALUES ("
                + id
                + ", "
                + date()
                + ", 'made bad on purpose', '"
                + code
                + "', NULL)"));
  }

  private String statement(Kind kind, boolean onUsers) {
    KeySet keys = onUsers ? users : transactions;
    if (keys.isEmpty() && kind != Kind.INSERT) {
      kind = Kind.INSERT;
    }
    String table = database + (onUsers ? ".users" : ".transactions");
    String keyColumn = onUsers ? "id" : "transaction_id";
    switch (kind) {
      case INSERT -> {
        if (onUsers) {
          long id = nextUserId++;
          users.add(id);
          return "INSERT INTO "
              + table
              + " (id, registration_date, name, code, email) VALUES ("
              + id
              + ", "
              + date()
              + ", "
              + name()
              + ", "
              + code()
              + ", "
              + email(id)
              + ")";
        }
        long id = nextTransactionId++;
        transactions.add(id);
        return "INSERT INTO "
            + table
            + " (transaction_id, user_id, total_cost, dt) VALUES ("
            + id
            + ", "
            + userRef()
            + ", "
            + cost()
            + ", "
            + date()
            + ")";
      }
      case UPDATE -> {
        long id = keys.pick(random);
        return "UPDATE "
            + table
            + " SET "
            + assignments(onUsers, id)
            + " WHERE "
            + keyColumn
            + " = "
            + id;
      }
      case DELETE -> {
        long id = keys.pick(random);
        keys.remove(id);
        return "DELETE FROM " + table + " WHERE " + keyColumn + " = " + id;
      }
      case KEY_CHANGE -> {
        long id = keys.pick(random);
        long newId = onUsers ? nextUserId++ : nextTransactionId++;
        keys.remove(id);
        keys.add(newId);
        return "UPDATE " + table + " SET " + keyColumn + " = " + newId + " WHERE " + keyColumn
            + " = " + id;
      }
      default -> throw new IllegalArgumentException("not a single-row change: " + kind);
    }
  }

  private String assignments(boolean onUsers, long id) {
    List<String> set = new ArrayList<>();
    if (onUsers) {
      if (random.nextBoolean()) {
        set.add("name = " + name());
      }
      if (random.nextInt(4) == 0) {
        set.add("code = " + code());
      }
      if (random.nextInt(4) == 0) {
        set.add("email = " + email(id));
      }
      if (random.nextInt(5) == 0) {
        set.add("registration_date = " + date());
      }
      for (String column : extraColumns) {
        if (random.nextInt(3) == 0) {
          set.add(
              column
                  + " = "
                  + (random.nextInt(5) == 0 ? "NULL" : Long.toString(random.nextInt(1_000_000))));
        }
      }
      if (set.isEmpty()) {
        set.add("name = " + name());
      }
    } else {
      if (random.nextBoolean()) {
        set.add("total_cost = " + cost());
      }
      if (random.nextInt(3) == 0) {
        set.add("dt = " + date());
      }
      if (random.nextInt(4) == 0) {
        set.add("user_id = " + userRef());
      }
      if (set.isEmpty()) {
        set.add("total_cost = " + cost());
      }
    }
    return String.join(", ", set);
  }

  private String name() {
    if (random.nextInt(10) == 0) {
      return "NULL";
    }
    // Some names use the room a widening made; an apostrophe now and then tests the quoting.
    int length = 1 + random.nextInt(random.nextInt(4) == 0 ? nameLength : Math.min(nameLength, 20));
    String text = randomText(LETTERS, length);
    if (length > 3 && random.nextInt(8) == 0) {
      text = text.substring(0, 1) + "''" + text.substring(2);
    }
    return "'" + text + "'";
  }

  private String code() {
    return "'" + randomText(CODE_LETTERS, 1 + random.nextInt(REDSHIFT_CODE_BYTES)) + "'";
  }

  private String email(long id) {
    return random.nextInt(6) == 0
        ? "NULL"
        : "'user" + id + "." + randomText(LETTERS, 4) + "@example.com'";
  }

  private String userRef() {
    return users.isEmpty() || random.nextInt(10) == 0 ? "NULL" : Long.toString(users.pick(random));
  }

  private String cost() {
    return (random.nextInt(999_999) + 1) / 100 + "." + String.format("%02d", random.nextInt(100));
  }

  private String date() {
    return "DATE '" + FIRST_DAY.plusDays(random.nextInt(days)) + "'";
  }

  private String randomText(String alphabet, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  /** Keys in use, with O(1) random pick and removal. */
  private static final class KeySet {
    private final List<Long> keys = new ArrayList<>();
    private final Map<Long, Integer> index = new java.util.HashMap<>();

    boolean isEmpty() {
      return keys.isEmpty();
    }

    void add(long key) {
      index.put(key, keys.size());
      keys.add(key);
    }

    void remove(long key) {
      int at = index.remove(key);
      long last = keys.remove(keys.size() - 1);
      if (at < keys.size()) {
        keys.set(at, last);
        index.put(last, at);
      }
    }

    long pick(Random random) {
      return keys.get(random.nextInt(keys.size()));
    }
  }
}
