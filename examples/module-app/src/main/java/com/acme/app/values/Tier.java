package com.acme.app.values;

/** An enum, stored on its own and inside other values. */
public enum Tier { FREE, GOLD }
