package io.cachet.testing.shop;

import io.cachet.testing.parties.Address;
import io.cachet.testing.parties.Item;
import io.cachet.testing.parties.Line;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A value whose declared fields reach classes of another package: a final one directly, others through
 * generic type arguments and an untyped field.
 */
public record Order(String id, Address address, List<Item> items, Map<String, Line> lines, Object note)
    implements Serializable {}
