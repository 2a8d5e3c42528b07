package com.acme.app.values;

import java.io.Serializable;

/** A record value in a package this module neither exports nor opens. */
public record Person(String name, int born, Tier tier) implements Serializable {}
