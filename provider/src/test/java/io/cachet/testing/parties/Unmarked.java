package io.cachet.testing.parties;

/** A record that does not implement {@link java.io.Serializable}: Cachet refuses it wherever it sits. */
public record Unmarked(String text) {}
