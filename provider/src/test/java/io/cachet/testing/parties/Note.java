package io.cachet.testing.parties;

import java.io.Serializable;

/** A class an {@code Order} holds only in a field declared as {@code Object}: its declared types never name it. */
public record Note(String text) implements Serializable {}
