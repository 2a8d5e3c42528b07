package io.cachet.examples.spring;

import java.io.Serializable;

/** A cached value of the application's own: Cachet stores it only because cachet.properties allows it. */
public record Book(long id, String title, String author, int year) implements Serializable {}
