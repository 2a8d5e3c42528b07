package io.cachet.testing.parties;

import java.io.Serializable;

/** A map value type an {@code Order} declares as a generic type argument. */
public record Line(int quantity) implements Serializable {}
