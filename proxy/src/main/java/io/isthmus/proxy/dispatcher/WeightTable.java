package io.isthmus.proxy.dispatcher;

import java.util.List;

/**
 * The 100-slot distribution of algorithm 9, built as Kamailio builds {@code wlist} ({@code
 * dp_init_weights}): each gateway, in set order, gets as many slots as its {@code weight=} percent;
 * slots past 100 are cut; slots left when the weights sum to less than 100 go to the last gateway
 * of the set.
 *
 * <p>Kamailio then shuffles the slots at random. We interleave them with smooth weighted round
 * robin instead, so the same list always gives the same sequence (testable, reproducible) and every
 * window of picks is spread: weights 50/30/20 give exactly 50, 30 and 20 picks in every 100 and
 * never a run of one gateway longer than needed.
 *
 * <p>Deviation: Kamailio uses the table only when the first gateway has a weight (else always the
 * first entry); when no gateway of the set has a weight we give each an equal turn instead.
 */
final class WeightTable {
  private WeightTable() {}

  /** Gateway indexes, one per slot. */
  static int[] build(List<Gateway> gateways) {
    int n = gateways.size();
    if (n == 0) {
      return new int[0];
    }
    int[] shares = new int[n];
    int filled = 0;
    for (int j = 0; j < n && filled < 100; j++) {
      int w = Math.min(gateways.get(j).attrs().weight(), 100 - filled);
      shares[j] = w;
      filled += w;
    }
    if (filled == 0) {
      int[] turns = new int[n];
      for (int j = 0; j < n; j++) {
        turns[j] = j;
      }
      return turns;
    }
    shares[n - 1] += 100 - filled;
    int[] slots = new int[100];
    int[] current = new int[n];
    for (int t = 0; t < 100; t++) {
      int best = -1;
      for (int j = 0; j < n; j++) {
        current[j] += shares[j];
        if (shares[j] > 0 && (best < 0 || current[j] > current[best])) {
          best = j;
        }
      }
      current[best] -= 100;
      slots[t] = best;
    }
    return slots;
  }
}
