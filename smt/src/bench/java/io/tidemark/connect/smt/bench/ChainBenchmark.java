package io.tidemark.connect.smt.bench;

import io.debezium.transforms.ExtractNewRecordState;
import io.tidemark.connect.smt.CdcUnwrap;
import io.tidemark.connect.smt.NormalizeIdentifiers;
import io.tidemark.connect.smt.NormalizeTypes;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Per-record cost of Tidemark's unwrap (+normalize) chain and of Debezium's ExtractNewRecordState
 * on the same Debezium MySQL change events, on the source side (where the transforms run next to
 * the Debezium connector). Each invocation transforms a batch of {@value #BATCH} distinct records;
 * the score is per record.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ChainBenchmark {

  static final int BATCH = 1024;

  private SourceRecord[] records;
  private ExtractNewRecordState<SourceRecord> extract;
  private ExtractNewRecordState<SourceRecord> extractWithFields;
  private CdcUnwrap<SourceRecord> unwrap;
  private NormalizeTypes<SourceRecord> types;
  private NormalizeIdentifiers<SourceRecord> names;

  @Setup
  public void setUp() {
    records = DebeziumEvents.records(BATCH);
    // Deletes are rewritten to the 'before' row with __deleted=true, as CdcUnwrap does by default.
    extract = new ExtractNewRecordState<>();
    extract.configure(Map.of("delete.tombstone.handling.mode", "rewrite"));
    // The same metadata CdcUnwrap adds (operation, source timestamp, binlog coordinates), for
    // fairness.
    extractWithFields = new ExtractNewRecordState<>();
    extractWithFields.configure(
        Map.of(
            "delete.tombstone.handling.mode",
            "rewrite",
            "add.fields",
            "op,source.ts_ms,file,pos,row"));
    unwrap = new CdcUnwrap<>();
    unwrap.configure(Map.of());
    types = new NormalizeTypes.Value<>();
    types.configure(Map.of());
    names = new NormalizeIdentifiers.Value<>();
    names.configure(Map.of("target", "redshift"));
    check();
  }

  /** The contenders produce the same rows (not timed). */
  private void check() {
    for (SourceRecord r : records) {
      Struct a = (Struct) extractWithFields.apply(r).value();
      Struct b = (Struct) unwrap.apply(r).value();
      Struct c = (Struct) names.apply(types.apply(unwrap.apply(r))).value();
      if (!a.get("id").equals(b.get("id"))
          || !a.get("amount").equals(b.get("amount"))
          || !String.valueOf(a.get("__op")).equals(b.get("__op"))
          || c.get("__position") == null) {
        throw new IllegalStateException("transforms disagree on " + r);
      }
    }
  }

  @TearDown
  public void tearDown() {
    extract.close();
    extractWithFields.close();
    unwrap.close();
    types.close();
    names.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void extractNewRecordState(Blackhole bh) {
    run(extract, bh);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void extractNewRecordStateAddFields(Blackhole bh) {
    run(extractWithFields, bh);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void cdcUnwrap(Blackhole bh) {
    run(unwrap, bh);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void cdcUnwrapNormalizeTypes(Blackhole bh) {
    for (SourceRecord r : records) {
      SourceRecord flat = unwrap.apply(r);
      bh.consume(flat == null ? null : types.apply(flat));
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void cdcUnwrapNormalizeTypesIdentifiers(Blackhole bh) {
    for (SourceRecord r : records) {
      SourceRecord flat = unwrap.apply(r);
      bh.consume(flat == null ? null : names.apply(types.apply(flat)));
    }
  }

  private void run(Transformation<SourceRecord> t, Blackhole bh) {
    for (SourceRecord r : records) {
      bh.consume(t.apply(r));
    }
  }
}
