package io.tidemark.connect.athena.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.connect.athena.sql.KeyRange;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommitEventTest {

  /** The example from connector-s3-sink/README.md "Commit events". */
  private static final String SINK_EXAMPLE =
      """
            {"version":1,"connector":"s3-sink","bucket":"lake","key":"raw/orders/partition=0/orders+0+00000000000000000005.jsonl",
             "topic":"orders","folder":"orders","partition":0,"startOffset":5,"endOffset":9,"recordCount":5,"bytes":120,
             "partitionPath":"partition=0","partitionValues":{"partition":"0"},"schemaFingerprint":"1f0c","format":"JSONL","recovered":false}
            """;

  @Test
  void parsesTheSinksEvent() {
    CommitEvent e = CommitEventJson.parse(SINK_EXAMPLE);
    assertThat(e.uri())
        .isEqualTo("s3://lake/raw/orders/partition=0/orders+0+00000000000000000005.jsonl");
    assertThat(e.topic()).isEqualTo("orders");
    assertThat(e.startOffset()).isEqualTo(5);
    assertThat(e.endOffset()).isEqualTo(9);
    assertThat(e.recordCount()).isEqualTo(5);
    assertThat(e.partitionValues()).containsExactlyEntriesOf(Map.of("partition", "0"));
    assertThat(e.schemaFingerprint()).contains("1f0c");
  }

  /** A RegexRouter on the sink renamed mysql.shop.orders: the table maps by the folder. */
  @Test
  void aRoutedObjectBelongsToItsFolder() {
    CommitEvent e =
        CommitEventJson.parse(
            SINK_EXAMPLE.replace("\"topic\":\"orders\"", "\"topic\":\"mysql.shop.orders\""));
    assertThat(e.topic()).isEqualTo("orders");
  }

  @Test
  void recoveredEventsHaveNoFingerprint() {
    CommitEvent e =
        CommitEventJson.parse(
            SINK_EXAMPLE.replace("\"schemaFingerprint\":\"1f0c\",", "").replace("false", "true"));
    assertThat(e.schemaFingerprint()).isEmpty();
  }

  @Test
  void badEventsNameTheField() {
    assertThatThrownBy(
            () -> CommitEventJson.parse(SINK_EXAMPLE.replace("\"bucket\":\"lake\",", "")))
        .hasMessageContaining("'bucket'");
    assertThatThrownBy(
            () ->
                CommitEventJson.parse(
                    SINK_EXAMPLE.replace("\"startOffset\":5", "\"startOffset\":\"x\"")))
        .hasMessageContaining("'startOffset' must be a whole number");
    assertThatThrownBy(
            () -> CommitEventJson.parse(SINK_EXAMPLE.replace("\"endOffset\":9", "\"endOffset\":1")))
        .hasMessageContaining("are not a range");
    assertThatThrownBy(() -> CommitEventJson.parse("[1]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> CommitEventJson.parse("{")).hasMessageContaining("not valid JSON");
  }

  @Test
  void keyRangesAreReadWhenTheSinkSendsThem() {
    CommitEvent e =
        CommitEventJson.parse(
            SINK_EXAMPLE.replace(
                "\"recovered\":false",
                "\"recovered\":false,\"keyRanges\":{\"id\":{\"min\":-3,\"max\":9000000000}}"));
    assertThat(e.keyRanges())
        .containsExactlyEntriesOf(Map.of("id", new KeyRange(-3, 9_000_000_000L)));
    assertThat(CommitEventJson.parse(SINK_EXAMPLE).keyRanges()).isEmpty();
    assertThatThrownBy(
            () ->
                CommitEventJson.parse(
                    SINK_EXAMPLE.replace(
                        "\"recovered\":false",
                        "\"recovered\":false,\"keyRanges\":{\"id\":{\"min\":\"a\",\"max\":1}}")))
        .hasMessageContaining("'keyRanges.id.min' must be a whole number");
    assertThatThrownBy(
            () ->
                CommitEventJson.parse(
                    SINK_EXAMPLE.replace(
                        "\"recovered\":false",
                        "\"recovered\":false,\"keyRanges\":{\"id\":{\"min\":5,\"max\":1}}")))
        .hasMessageContaining("'keyRanges.id': min 5 is above max 1");
    assertThatThrownBy(
            () ->
                CommitEventJson.parse(
                    SINK_EXAMPLE.replace(
                        "\"recovered\":false", "\"recovered\":false,\"keyRanges\":[1]")))
        .hasMessageContaining("'keyRanges' must be an object");
  }
}
