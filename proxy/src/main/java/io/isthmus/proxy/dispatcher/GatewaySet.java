package io.isthmus.proxy.dispatcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set (Kamailio "group") of gateways in selection order.
 *
 * <p>The order is Kamailio's: higher priority first; among equal priorities the line read
 * <em>last</em> comes first. Kamailio keeps a list sorted by ascending priority, inserting each
 * line after the entries of equal priority, then copies it backwards into the array ({@code
 * add_dest2list} and {@code reindex_dests} in {@code dispatch.c}). The order matters: hash
 * algorithms index into it, round robin walks it, priority picks its head, and failover follows it.
 * So {@code 1 A}, {@code 1 B}, {@code 1 C} with no priorities gives the order C, B, A.
 *
 * @param id the set id
 * @param gateways the gateways in selection order
 */
public record GatewaySet(int id, List<Gateway> gateways) {

  public GatewaySet {
    gateways = List.copyOf(gateways);
  }

  /** A set from gateways in the order they were read (file or config order). */
  public static GatewaySet fromReadOrder(int id, List<Gateway> inReadOrder) {
    List<Gateway> ordered = new ArrayList<>(inReadOrder.reversed());
    ordered.sort(Comparator.comparingInt(Gateway::priority).reversed()); // stable
    return new GatewaySet(id, ordered);
  }

  /** Number of gateways. */
  public int size() {
    return gateways.size();
  }
}
