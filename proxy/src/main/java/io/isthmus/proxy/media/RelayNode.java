package io.isthmus.proxy.media;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BDict;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One relay node of {@link NgMediaControl}: a name for logs, a weight for Call-ID hash selection
 * (Kamailio's {@code rtpengine_sock} {@code =weight}), and how to send it a request (an {@code
 * NgClient::send}, which retries with the same cookie and fails with a timeout after its last
 * attempt). Liveness is shared between loops: a node that timed out is dead for new calls until a
 * ping succeeds.
 */
public final class RelayNode {
  private final String name;
  private final int weight;
  private final Function<BDict, CompletionStage<NgResponse>> sender;
  private volatile boolean alive = true;

  /**
   * @param weight 1 or more
   * @param sender sends one request and completes with the reply or exceptionally (timeout)
   */
  public RelayNode(String name, int weight, Function<BDict, CompletionStage<NgResponse>> sender) {
    this.name = Objects.requireNonNull(name, "name");
    this.sender = Objects.requireNonNull(sender, "sender");
    if (weight < 1) {
      throw new IllegalArgumentException("weight of relay node " + name + " must be >= 1");
    }
    this.weight = weight;
  }

  public String name() {
    return name;
  }

  public int weight() {
    return weight;
  }

  /** False from a timeout until the next successful ping. */
  public boolean alive() {
    return alive;
  }

  void alive(boolean value) {
    alive = value;
  }

  CompletionStage<NgResponse> send(BDict request) {
    return sender.apply(request);
  }

  @Override
  public String toString() {
    return name + (alive ? "" : " (dead)");
  }
}
