package io.cachet.testing.parties;

import java.io.Serializable;

/** A final value class an {@code Order} declares as a field type. */
public record Address(String city) implements Serializable {}
