package io.tidemark.common.identifiers;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Amazon Redshift standard identifiers: lower case (Redshift folds ASCII letters anyway), 1 to
 * {@value #MAX_BYTES} bytes of UTF-8, a first character that is an ASCII letter, an underscore or a
 * multi-byte character, then ASCII letters, digits, underscores, dollar signs or multi-byte
 * characters; no reserved word unless quoted.
 *
 * <p>{@link #normalize}: lower-cases, replaces every other character (spaces, punctuation, control
 * and non-printable characters) with {@code _}, prefixes {@code _} when the name starts with a
 * digit or {@code $}, truncates to 127 bytes on a code point boundary, and applies the {@link
 * ReservedWordHandling} to reserved words. System column names ({@code oid}, {@code ctid}, ...) are
 * always suffixed: Redshift rejects them even quoted.
 */
public final class RedshiftIdentifiers implements IdentifierRules {

  /** Maximum identifier length in UTF-8 bytes. */
  public static final int MAX_BYTES = 127;

  /** Redshift's reserved words (AWS "Reserved words" page), lower case. */
  static final Set<String> RESERVED =
      Set.of(
          "aes128",
          "aes256",
          "all",
          "allowoverwrite",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "authorization",
          "az64",
          "backup",
          "between",
          "binary",
          "blanksasnull",
          "both",
          "bytedict",
          "bzip2",
          "case",
          "cast",
          "check",
          "collate",
          "column",
          "constraint",
          "create",
          "credentials",
          "cross",
          "current_date",
          "current_time",
          "current_timestamp",
          "current_user",
          "current_user_id",
          "default",
          "deferrable",
          "deflate",
          "defrag",
          "delta",
          "delta32k",
          "desc",
          "disable",
          "distinct",
          "do",
          "else",
          "emptyasnull",
          "enable",
          "encode",
          "encrypt",
          "encryption",
          "end",
          "except",
          "explicit",
          "false",
          "for",
          "foreign",
          "freeze",
          "from",
          "full",
          "globaldict256",
          "globaldict64k",
          "grant",
          "group",
          "gzip",
          "having",
          "identity",
          "ignore",
          "ilike",
          "in",
          "initially",
          "inner",
          "intersect",
          "interval",
          "into",
          "is",
          "isnull",
          "join",
          "language",
          "leading",
          "left",
          "like",
          "limit",
          "localtime",
          "localtimestamp",
          "lun",
          "luns",
          "lzo",
          "lzop",
          "minus",
          "mostly16",
          "mostly32",
          "mostly8",
          "natural",
          "new",
          "not",
          "notnull",
          "null",
          "nulls",
          "off",
          "offline",
          "offset",
          "oid",
          "old",
          "on",
          "only",
          "open",
          "or",
          "order",
          "outer",
          "overlaps",
          "parallel",
          "partition",
          "percent",
          "permissions",
          "pivot",
          "placing",
          "primary",
          "raw",
          "readratio",
          "recover",
          "references",
          "rejectlog",
          "resort",
          "respect",
          "restore",
          "right",
          "select",
          "session_user",
          "similar",
          "snapshot",
          "some",
          "sysdate",
          "system",
          "table",
          "tag",
          "tdes",
          "text255",
          "text32k",
          "then",
          "timestamp",
          "to",
          "top",
          "trailing",
          "true",
          "truncatecolumns",
          "union",
          "unique",
          "unnest",
          "unpivot",
          "user",
          "using",
          "verbose",
          "wallet",
          "when",
          "where",
          "with",
          "without");

  /** PostgreSQL-style system columns: not usable as column names even when quoted. */
  static final Set<String> SYSTEM_COLUMNS =
      Set.of("oid", "tableoid", "xmin", "cmin", "xmax", "cmax", "ctid");

  private final ReservedWordHandling reservedWords;
  private final String suffix;

  public RedshiftIdentifiers(ReservedWordHandling reservedWords, String suffix) {
    this.reservedWords = Objects.requireNonNull(reservedWords, "reservedWords");
    this.suffix = Objects.requireNonNull(suffix, "suffix");
    if (suffix.isEmpty() || !normalizeCharacters(suffix, false).equals(suffix)) {
      throw new IllegalArgumentException(
          "suffix must be non-empty and made of [a-z0-9_$] or multi-byte characters: '"
              + suffix
              + "'");
    }
  }

  /** Reserved words are quoted, suffix {@code _}. */
  public static RedshiftIdentifiers defaults() {
    return new RedshiftIdentifiers(ReservedWordHandling.QUOTE, "_");
  }

  @Override
  public String target() {
    return "redshift";
  }

  @Override
  public String normalize(String name) {
    String s = normalizeCharacters(name, true);
    if (s.isEmpty()) {
      s = "_";
    }
    s = Utf8.truncateToBytes(s, MAX_BYTES);
    if (SYSTEM_COLUMNS.contains(s)
        || (reservedWords == ReservedWordHandling.SUFFIX && RESERVED.contains(s))) {
      s = Utf8.truncateToBytes(s, MAX_BYTES - Utf8.byteLength(suffix)) + suffix;
    }
    return s;
  }

  private static String normalizeCharacters(String name, boolean fixStart) {
    StringBuilder b = new StringBuilder(name.length() + 1);
    name.toLowerCase(Locale.ROOT)
        .codePoints()
        .forEach(cp -> b.appendCodePoint(allowed(cp) ? cp : '_'));
    if (fixStart && b.length() > 0) {
      char first = b.charAt(0);
      if ((first >= '0' && first <= '9') || first == '$') {
        b.insert(0, '_');
      }
    }
    return b.toString();
  }

  private static boolean allowed(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_' || cp == '$';
    }
    // Multi-byte characters must be printable: letters, digits, marks.
    return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
  }

  @Override
  public Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("identifier is empty");
    }
    int bytes = Utf8.byteLength(name);
    if (bytes > MAX_BYTES) {
      return Optional.of(
          "identifier '"
              + name
              + "' is "
              + bytes
              + " bytes long, Redshift allows at most "
              + MAX_BYTES);
    }
    if (name.indexOf('"') >= 0 || name.codePoints().anyMatch(Character::isISOControl)) {
      return Optional.of(
          "identifier '" + name + "' contains a double quote or a control character");
    }
    if (SYSTEM_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.of("identifier '" + name + "' is a Redshift system column name");
    }
    return Optional.empty();
  }

  @Override
  public boolean isReserved(String name) {
    return RESERVED.contains(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public boolean needsQuoting(String name) {
    return isReserved(name) || !normalizeCharacters(name, true).equals(name) || name.isEmpty();
  }
}
