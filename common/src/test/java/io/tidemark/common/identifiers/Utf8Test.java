package io.tidemark.common.identifiers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void findsUnpairedSurrogatesOnly() {
    assertThat(Utf8.firstLoneSurrogate("plain é 中")).isEqualTo(-1);
    assertThat(Utf8.firstLoneSurrogate("emoji \ud83d\ude00!")).isEqualTo(-1);
    assertThat(Utf8.firstLoneSurrogate("a\ud800b")).isEqualTo(1);
    assertThat(Utf8.firstLoneSurrogate("ab\udc00")).isEqualTo(2);
    assertThat(Utf8.firstLoneSurrogate("\ud83d\ude00\ud83d"))
        .as("high surrogate at the end")
        .isEqualTo(2);
    assertThat(Utf8.firstLoneSurrogate("\ude00\ud83d")).as("reversed pair").isEqualTo(0);
  }

  @Test
  void countsBytesLikeUtf8() {
    assertThat(Utf8.byteLength("aé中\ud83d\ude00")).isEqualTo(1 + 2 + 3 + 4);
  }
}
