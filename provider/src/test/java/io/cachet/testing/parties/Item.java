package io.cachet.testing.parties;

import java.io.Serializable;

/** An element type an {@code Order} declares as a generic type argument. */
public record Item(String sku) implements Serializable {}
