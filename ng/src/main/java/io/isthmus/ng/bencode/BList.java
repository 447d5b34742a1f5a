package io.isthmus.ng.bencode;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/** A bencode list ({@code l...e}): an immutable, ordered sequence of values. */
public final class BList extends AbstractList<BValue> implements BValue, RandomAccess {
  private static final BList EMPTY = new BList(new BValue[0], 0);

  private final BValue[] items;
  private final int size;

  private BList(BValue[] items, int size) {
    this.items = items;
    this.size = size;
  }

  /** Takes ownership of the first {@code size} elements of {@code items} (decoder use). */
  static BList own(BValue[] items, int size) {
    return size == 0 ? EMPTY : new BList(items, size);
  }

  /** A list of the given values. */
  public static BList of(BValue... items) {
    return own(items.clone(), items.length);
  }

  /** A list of the given values. */
  public static BList of(List<? extends BValue> items) {
    return own(items.toArray(new BValue[0]), items.size());
  }

  /** A list of UTF-8 strings. */
  public static BList ofStrings(List<String> items) {
    BValue[] values = new BValue[items.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = BString.of(items.get(i));
    }
    return own(values, values.length);
  }

  @Override
  public BValue get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    return items[index];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String typeName() {
    return "a list";
  }

  // equals/hashCode: AbstractList's element-wise contract, final here for clarity.
  @Override
  public boolean equals(Object o) {
    if (o instanceof BList l) {
      return Arrays.equals(items, 0, size, l.items, 0, l.size);
    }
    return false;
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }
}
