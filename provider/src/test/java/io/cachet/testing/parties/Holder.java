package io.cachet.testing.parties;

import java.io.Serializable;

/** A record holding anything in a component, to put a value inside a record. */
public record Holder(Object content) implements Serializable {}
