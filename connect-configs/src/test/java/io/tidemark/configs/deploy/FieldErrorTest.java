package io.tidemark.configs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldErrorTest {
  @Test
  void validationAnswersBecomeOneLinePerKeyAndMessage() throws Exception {
    String answer =
        """
        {"name":"io.tidemark.connect.s3.S3SinkConnector","error_count":2,"groups":[],"configs":[
          {"definition":{"name":"s3.bucket.name"},"value":{"name":"s3.bucket.name","value":"b","errors":[]}},
          {"definition":{"name":"format.type"},"value":{"name":"format.type","value":"NOPE",
            "errors":["Invalid value NOPE for configuration format.type: one of JSONL, CSV, PARQUET, AVRO"]}},
          {"definition":{"name":"s3.region"},"value":{"name":"s3.region","value":null,
            "errors":["Missing required configuration \\"s3.region\\" which has no default value.", "second"]}}]}
        """;
    List<FieldError> errors = FieldError.fromValidation(new ObjectMapper().readTree(answer));

    assertThat(errors).extracting(FieldError::key).containsExactly("format.type", "s3.region");
    assertThat(FieldError.describe(errors))
        .isEqualTo(
            "  format.type: Invalid value NOPE for configuration format.type: one of JSONL, CSV, PARQUET, AVRO\n"
                + "  s3.region: Missing required configuration \"s3.region\" which has no default value.\n"
                + "  s3.region: second\n");
  }
}
