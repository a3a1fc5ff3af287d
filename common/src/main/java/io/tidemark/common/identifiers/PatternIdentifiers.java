package io.tidemark.common.identifiers;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * User-defined rules: every match of {@code invalidCharacters} is replaced with {@code
 * replacement}, optionally after lower-casing, then the result is truncated to {@code maxLength}
 * characters. There are no reserved words.
 */
public final class PatternIdentifiers implements IdentifierRules {

  private final Pattern invalidCharacters;
  private final String replacement;
  private final int maxLength;
  private final boolean lowerCase;

  public PatternIdentifiers(
      Pattern invalidCharacters, String replacement, int maxLength, boolean lowerCase) {
    this.invalidCharacters = Objects.requireNonNull(invalidCharacters, "invalidCharacters");
    this.replacement = Objects.requireNonNull(replacement, "replacement");
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
    }
    if (invalidCharacters.matcher(replacement).find()) {
      throw new IllegalArgumentException(
          "replacement '" + replacement + "' itself matches the invalid-character pattern");
    }
    this.maxLength = maxLength;
    this.lowerCase = lowerCase;
  }

  @Override
  public String target() {
    return "custom";
  }

  @Override
  public String normalize(String name) {
    String s = lowerCase ? name.toLowerCase(Locale.ROOT) : name;
    s =
        invalidCharacters
            .matcher(s)
            .replaceAll(java.util.regex.Matcher.quoteReplacement(replacement));
    if (s.isEmpty()) {
      s = replacement.isEmpty() ? "_" : replacement;
    }
    if (s.codePointCount(0, s.length()) > maxLength) {
      s = s.substring(0, s.offsetByCodePoints(0, maxLength));
    }
    return s;
  }

  @Override
  public Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("identifier is empty");
    }
    if (name.codePointCount(0, name.length()) > maxLength) {
      return Optional.of("identifier '" + name + "' is longer than " + maxLength + " characters");
    }
    if (invalidCharacters.matcher(name).find()) {
      return Optional.of(
          "identifier '" + name + "' contains characters matching " + invalidCharacters.pattern());
    }
    if (lowerCase && !name.toLowerCase(Locale.ROOT).equals(name)) {
      return Optional.of("identifier '" + name + "' is not lower case");
    }
    return Optional.empty();
  }

  @Override
  public boolean isReserved(String name) {
    return false;
  }

  @Override
  public boolean needsQuoting(String name) {
    return problem(name).isPresent();
  }
}
