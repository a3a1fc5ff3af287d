package io.tidemark.connect.athena.plan;

import io.tidemark.connect.athena.mapping.ColumnType;
import io.tidemark.connect.athena.mapping.LandingPartition;
import io.tidemark.connect.athena.mapping.TableMapping;
import io.tidemark.connect.athena.sql.Identifier;
import io.tidemark.connect.athena.sql.KeyRange;
import io.tidemark.connect.athena.sql.MergeScope;
import io.tidemark.connect.athena.sql.MergeSql;
import io.tidemark.connect.athena.sql.SqlLiterals;
import io.tidemark.connect.athena.sql.TargetPartitions;
import io.tidemark.connect.athena.sql.TargetSlice;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the commit events of one table into MERGE statements that respect Athena's limits.
 *
 * <p>Deterministic: events are de-duplicated by object (a sink crash repeats events), sorted by
 * partition values and object key, and packed greedily in that order, so the same events always
 * give the same statements and request tokens, whatever order they arrived in.
 *
 * <p>Limits per statement: {@code maxQueryBytes} (Athena: 262,144 bytes of UTF-8 query text),
 * {@code maxPartitions} distinct landing partitions (Athena writes at most 100 partitions per
 * query; the landing partitions are the planner's only view of that, see README), and {@code
 * maxFiles}.
 */
public final class BatchPlanner {

  /** Athena's maximum query string length in bytes. */
  public static final int ATHENA_MAX_QUERY_BYTES = 262_144;

  /** Athena's maximum number of partitions one query may write. */
  public static final int ATHENA_MAX_PARTITIONS = 100;

  private static final Set<ColumnType.Kind> INTEGER_KINDS =
      EnumSet.of(
          ColumnType.Kind.TINYINT,
          ColumnType.Kind.SMALLINT,
          ColumnType.Kind.INTEGER,
          ColumnType.Kind.BIGINT);

  private static final Comparator<CommitEvent> ORDER =
      Comparator.comparing((CommitEvent e) -> e.partitionValues().toString())
          .thenComparing(CommitEvent::bucket)
          .thenComparing(CommitEvent::key);

  private final int maxQueryBytes;
  private final int maxPartitions;
  private final int maxFiles;
  private final Clock clock;

  public BatchPlanner(int maxQueryBytes, int maxPartitions, int maxFiles) {
    this(maxQueryBytes, maxPartitions, maxFiles, Clock.systemUTC());
  }

  /**
   * @param clock today's date (UTC) for landing partitions projected up to {@code NOW}
   */
  public BatchPlanner(int maxQueryBytes, int maxPartitions, int maxFiles, Clock clock) {
    if (maxQueryBytes < 1024 || maxPartitions < 1 || maxFiles < 1) {
      throw new IllegalArgumentException(
          "limits must be positive (query bytes >= 1024): "
              + maxQueryBytes
              + ", "
              + maxPartitions
              + ", "
              + maxFiles);
    }
    this.maxQueryBytes = maxQueryBytes;
    this.maxPartitions = maxPartitions;
    this.maxFiles = maxFiles;
    this.clock = clock;
  }

  public static BatchPlanner athenaDefaults(int maxFiles) {
    return new BatchPlanner(ATHENA_MAX_QUERY_BYTES, ATHENA_MAX_PARTITIONS, maxFiles);
  }

  /**
   * Groups events by table: the mapping whose topic matches. Events of other topics are left out
   * (the returned map has no entry for them); the caller decides whether that is an error.
   */
  public static Map<TableMapping, List<CommitEvent>> groupByTable(
      Collection<TableMapping> mappings, Collection<CommitEvent> events) {
    Map<String, TableMapping> byTopic = new TreeMap<>();
    for (TableMapping m : mappings) {
      if (byTopic.put(m.topic(), m) != null) {
        throw new IllegalArgumentException("two tables read topic " + m.topic());
      }
    }
    Map<TableMapping, List<CommitEvent>> out = new LinkedHashMap<>();
    for (TableMapping m : byTopic.values()) {
      List<CommitEvent> mine = events.stream().filter(e -> e.isOf(m.topic())).toList();
      if (!mine.isEmpty()) {
        out.put(m, mine);
      }
    }
    return out;
  }

  /** The MERGE statements for {@code events}, all of which must belong to {@code mapping}. */
  public List<MergeBatch> plan(TableMapping mapping, Collection<CommitEvent> events) {
    List<CommitEvent> sorted = distinctSorted(mapping, events);
    List<MergeBatch> batches = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      int end = extend(mapping, sorted, i);
      MergeBatch batch = batch(mapping, sorted.subList(i, end));
      while (bytes(batch.sql()) > maxQueryBytes) {
        if (end - i == 1) {
          throw new IllegalArgumentException(
              "table."
                  + mapping.alias()
                  + ": the MERGE for one object ("
                  + sorted.get(i).uri()
                  + ") is "
                  + bytes(batch.sql())
                  + " bytes, more than the limit "
                  + maxQueryBytes);
        }
        end--;
        batch = batch(mapping, sorted.subList(i, end));
      }
      batches.add(batch);
      i = end;
    }
    return batches;
  }

  /**
   * Halves a batch that failed with a SPLIT error (resources exhausted; or too many partitions
   * written by a table that cannot be sliced): the first and second half of its sorted events, each
   * a valid batch.
   *
   * @throws IllegalArgumentException for a batch of one object, which cannot be split
   */
  public List<MergeBatch> split(MergeBatch batch) {
    List<CommitEvent> events = batch.events();
    if (events.size() < 2) {
      throw new IllegalArgumentException(
          "table."
              + batch.mapping().alias()
              + ": the batch of one object "
              + events.get(0).uri()
              + " cannot be split further");
    }
    int half = events.size() / 2;
    return List.of(
        batch(batch.mapping(), events.subList(0, half)),
        batch(batch.mapping(), events.subList(half, events.size())));
  }

  /**
   * Whether {@link #slices} can cut this table's MERGEs (its target partitioning has a value
   * transform).
   */
  public boolean canSlice(TableMapping mapping) {
    return TargetPartitions.tuplesPerStatement(mapping, maxPartitions).isPresent();
  }

  /**
   * Cuts a batch whose rows span {@code partitionTuples} distinct target partition tuples (see
   * {@link TargetPartitions#countSql}) into slices that each write at most the partition limit;
   * empty when the target's partitioning cannot be sliced (see {@link
   * TargetPartitions#tuplesPerStatement}) or one slice would already hold every tuple.
   */
  public List<MergeBatch> slices(MergeBatch batch, long partitionTuples) {
    TableMapping m = batch.mapping();
    OptionalInt perSlice = TargetPartitions.tuplesPerStatement(m, maxPartitions);
    if (perSlice.isEmpty() || partitionTuples <= perSlice.getAsInt()) {
      return List.of();
    }
    int count = (int) ((partitionTuples + perSlice.getAsInt() - 1) / perSlice.getAsInt());
    List<MergeBatch> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      TargetSlice slice = new TargetSlice(i, count, perSlice.getAsInt());
      out.add(
          new MergeBatch(
              m,
              batch.events(),
              batch.scope(),
              Optional.of(slice),
              MergeSql.merge(m, batch.scope(), slice)));
    }
    return out;
  }

  /** Greedy extension from {@code start} using a byte estimate; the caller checks exactly. */
  private int extend(TableMapping mapping, List<CommitEvent> sorted, int start) {
    long estimate = bytes(batch(mapping, sorted.subList(start, start + 1)).sql());
    Set<Map<String, String>> partitions = new HashSet<>();
    Set<String> literals = new HashSet<>();
    partitions.add(sorted.get(start).partitionValues());
    literals.addAll(partitionLiterals(mapping, sorted.get(start)));
    int end = start + 1;
    while (end < sorted.size() && end - start < maxFiles) {
      CommitEvent next = sorted.get(end);
      long added = bytes(SqlLiterals.string(next.uri())) + 2;
      for (String literal : partitionLiterals(mapping, next)) {
        if (!literals.contains(literal)) {
          added += bytes(literal) + 2;
        }
      }
      boolean newPartition = !partitions.contains(next.partitionValues());
      if (estimate + added > maxQueryBytes
          || (newPartition && partitions.size() >= maxPartitions)) {
        break;
      }
      estimate += added;
      partitions.add(next.partitionValues());
      literals.addAll(partitionLiterals(mapping, next));
      end++;
    }
    return end;
  }

  private static List<String> partitionLiterals(TableMapping mapping, CommitEvent e) {
    List<String> out = new ArrayList<>();
    for (LandingPartition p : mapping.landingPartitions()) {
      out.add(p.name() + "=" + p.literal(e.partitionValues().get(p.name().name())));
    }
    return out;
  }

  private List<CommitEvent> distinctSorted(TableMapping mapping, Collection<CommitEvent> events) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Map<String, CommitEvent> byUri = new TreeMap<>();
    for (CommitEvent e : events) {
      if (!e.isOf(mapping.topic())) {
        throw new IllegalArgumentException(
            "table."
                + mapping.alias()
                + " reads topic "
                + mapping.topic()
                + ", not "
                + e.topic()
                + " ("
                + e.uri()
                + ")");
      }
      for (LandingPartition p : mapping.landingPartitions()) {
        String value = e.partitionValues().get(p.name().name());
        if (value == null) {
          throw new IllegalArgumentException(
              "table."
                  + mapping.alias()
                  + ": object "
                  + e.uri()
                  + " has no value for landing partition "
                  + p.name()
                  + " (it has "
                  + e.partitionValues().keySet()
                  + ")");
        }
        p.literal(value);
        Optional<String> uncovered = p.uncovered(value, today);
        if (uncovered.isPresent()) {
          // The engine would read none of its rows: fail before anything is merged.
          throw new IllegalArgumentException(
              "table."
                  + mapping.alias()
                  + ".landing.partitions: object "
                  + e.uri()
                  + " ("
                  + e.sourceTopic()
                  + "-"
                  + e.partition()
                  + " offsets "
                  + e.startOffset()
                  + ".."
                  + e.endOffset()
                  + ") is not covered by the landing table's partition projection: "
                  + uncovered.get()
                  + ". Widen the range to every value the S3 sink writes there and recreate the"
                  + " landing table; nothing of this batch was merged");
        }
      }
      // Repeated events name the same object; keep one, the smallest by content for determinism.
      byUri.merge(e.uri(), e, (a, b) -> a.toString().compareTo(b.toString()) <= 0 ? a : b);
    }
    List<CommitEvent> sorted = new ArrayList<>(byUri.values());
    sorted.sort(ORDER);
    return sorted;
  }

  private static MergeBatch batch(TableMapping mapping, List<CommitEvent> events) {
    SortedMap<Identifier, TreeSet<String>> values = new TreeMap<>();
    for (LandingPartition p : mapping.landingPartitions()) {
      TreeSet<String> set = new TreeSet<>();
      events.forEach(e -> set.add(e.partitionValues().get(p.name().name())));
      values.put(p.name(), set);
    }
    MergeScope scope =
        MergeScope.of(
            events.stream().map(CommitEvent::uri).toList(), values, keyRanges(mapping, events));
    return new MergeBatch(mapping, events, scope, MergeSql.merge(mapping, scope));
  }

  /**
   * Per integer key column (or {@code decimal(p,0)}), the span of the events' key ranges; a column
   * is left out unless every event reports its range (a recovered event or an older sink reports
   * none).
   */
  static Map<Identifier, KeyRange> keyRanges(TableMapping mapping, List<CommitEvent> events) {
    Map<Identifier, KeyRange> out = new TreeMap<>();
    for (Identifier key : mapping.keys()) {
      ColumnType type = mapping.column(key).type();
      // decimal(p,0): BIGINT UNSIGNED keys, which Debezium and the sink carry as integral decimals.
      boolean integral =
          INTEGER_KINDS.contains(type.kind())
              || (type.kind() == ColumnType.Kind.DECIMAL && type.scale() == 0);
      if (!integral) {
        continue;
      }
      KeyRange span = null;
      for (CommitEvent e : events) {
        KeyRange r = e.keyRanges().get(key.name());
        if (r == null) {
          span = null;
          break;
        }
        span = span == null ? r : span.span(r);
      }
      if (span != null) {
        out.put(key, span);
      }
    }
    return out;
  }

  static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
