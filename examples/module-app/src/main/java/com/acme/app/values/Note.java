package com.acme.app.values;

/** A record that is not Serializable: Cachet cannot store it from a package that is not open to Kryo. */
public record Note(String text) {}
