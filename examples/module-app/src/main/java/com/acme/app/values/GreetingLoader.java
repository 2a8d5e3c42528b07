package com.acme.app.values;

import java.util.HashMap;
import java.util.Map;
import javax.cache.integration.CacheLoader;

/** Read-through: the value of a missing key. */
public final class GreetingLoader implements CacheLoader<String, String> {
  @Override
  public String load(String name) {
    return "Hello, " + name;
  }

  @Override
  public Map<String, String> loadAll(Iterable<? extends String> names) {
    Map<String, String> greetings = new HashMap<>();
    names.forEach(name -> greetings.put(name, load(name)));
    return greetings;
  }
}
