package io.isthmus.proxy.dispatcher;

/**
 * One gateway as plain values, the shape of a list-file line; the YAML config maps its inline sets
 * to these and {@link DispatcherList#of} validates them like the list file.
 *
 * @param setId the set id (non-negative)
 * @param destination a SIP URI ({@code sip:} is prefixed when the scheme is missing, as Kamailio)
 * @param flags {@link GatewayFlags} bits
 * @param priority higher first
 * @param attrs {@code k=v;k=v} or "" / null
 */
public record GatewayDefinition(
    int setId, String destination, int flags, int priority, String attrs) {

  /** A gateway with no flags, priority 0 and no attributes. */
  public static GatewayDefinition of(int setId, String destination) {
    return new GatewayDefinition(setId, destination, 0, 0, "");
  }
}
