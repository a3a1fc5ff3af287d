package io.tidemark.connect.smt;

import static io.tidemark.connect.smt.Fixtures.ENVELOPE;
import static io.tidemark.connect.smt.Fixtures.envelope;
import static io.tidemark.connect.smt.Fixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** One configured instance shared by threads gives the same results as a single thread. */
class ConcurrencyTest {

  @Test
  void sharedInstancesAreThreadSafe() throws Exception {
    CdcUnwrap<SinkRecord> unwrap = new CdcUnwrap<>();
    unwrap.configure(Map.of());
    HashFields<SinkRecord> hash = new HashFields.Value<>();
    hash.configure(Map.of("fields", "email", "hmac.key", "0123456789abcdef0123"));
    SinkRecord sample =
        hash.apply(unwrap.apply(Fixtures.record(ENVELOPE, envelope("c", null, row(1, "a@x.io")))));
    Object expectedHash = ((Struct) sample.value()).get("email");

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    SinkRecord out =
                        hash.apply(
                            unwrap.apply(
                                Fixtures.record(
                                    ENVELOPE, envelope("u", row(1, "a@x.io"), row(1, "a@x.io")))));
                    if (!expectedHash.equals(((Struct) out.value()).get("email"))
                        || out.valueSchema() != sample.valueSchema()) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
