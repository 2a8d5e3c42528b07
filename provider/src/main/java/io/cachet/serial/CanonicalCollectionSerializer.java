package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Writes a key's collection with its elements' {@link CanonicalOrder#standIn stand-ins}, and a hash-ordered
 * set's in {@link CanonicalOrder}. The bytes are those Kryo's collection serializer writes for such a
 * collection, so reading is unchanged and keys written before canonical ordering still decode. (Kryo writes
 * the class of same-class elements once, bypassing {@link CachetKryo#writeClassAndObject}, hence here.)
 */
final class CanonicalCollectionSerializer extends CollectionSerializer<Collection<Object>> {
  private final CanonicalOrder order;

  CanonicalCollectionSerializer(CanonicalOrder order) {
    this.order = order;
  }

  @Override
  public void write(Kryo kryo, Output output, Collection<Object> collection) {
    if (collection instanceof Set<?> && collection.size() > 1) {
      CachetKryo.of(kryo).canonicalized();
      super.write(kryo, output, order.sorted(collection));
      return;
    }
    List<Object> standIns = new ArrayList<>(collection.size());
    boolean changed = false;
    for (Object element : collection) {
      Object standIn = CanonicalOrder.standIn(element);
      changed |= standIn != element;
      standIns.add(standIn);
    }
    if (changed) {
      CachetKryo.of(kryo).canonicalized();
    }
    super.write(kryo, output, changed ? standIns : collection);
  }
}
