package io.isthmus.sip.message;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.CSeq;
import io.isthmus.sip.header.CallId;
import io.isthmus.sip.header.Contacts;
import io.isthmus.sip.header.MaxForwards;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.header.Via;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed header values of one message, each parsed by its grammar (package {@code
 * io.isthmus.sip.header}) on first access and cached. A message is immutable, so the cache needs no
 * lock: two threads racing at worst parse the same value twice and store equal results.
 */
final class TypedHeaders {
  private static final int UNSET = Integer.MIN_VALUE;

  private final MessageBase m;
  private String callId;
  private CSeq cseq;
  private NameAddress from;
  private NameAddress to;
  private List<Via> vias;
  private int maxForwards = UNSET;
  private List<NameAddress> routes;
  private List<NameAddress> recordRoutes;
  private Contacts contacts;

  TypedHeaders(MessageBase m) {
    this.m = m;
  }

  String callId() throws SipParseException {
    if (callId == null) {
      int line = singleLine(HeaderName.CALL_ID);
      callId = CallId.parse(m.buf, m.valueStart(line), length(line));
    }
    return callId;
  }

  CSeq cseq() throws SipParseException {
    if (cseq == null) {
      int line = singleLine(HeaderName.CSEQ);
      cseq = CSeq.parse(m.buf, m.valueStart(line), length(line));
    }
    return cseq;
  }

  NameAddress from() throws SipParseException {
    if (from == null) {
      int line = singleLine(HeaderName.FROM);
      from = NameAddress.parse(m.buf, m.valueStart(line), length(line));
    }
    return from;
  }

  NameAddress to() throws SipParseException {
    if (to == null) {
      int line = singleLine(HeaderName.TO);
      to = NameAddress.parse(m.buf, m.valueStart(line), length(line));
    }
    return to;
  }

  List<Via> vias() throws SipParseException {
    if (vias == null) {
      List<Via> all = new ArrayList<>(4);
      for (int line = m.findLine(HeaderName.VIA, 0);
          line >= 0;
          line = m.findLine(HeaderName.VIA, line + 1)) {
        all.addAll(Via.parseList(m.buf, m.valueStart(line), length(line)));
      }
      vias = List.copyOf(all);
    }
    return vias;
  }

  int maxForwards() throws SipParseException {
    if (maxForwards == UNSET) {
      if (m.findLine(HeaderName.MAX_FORWARDS, 0) < 0) {
        maxForwards = -1;
      } else {
        int line = singleLine(HeaderName.MAX_FORWARDS);
        maxForwards = MaxForwards.parse(m.buf, m.valueStart(line), length(line));
      }
    }
    return maxForwards;
  }

  List<NameAddress> routes() throws SipParseException {
    if (routes == null) {
      routes = addresses(HeaderName.ROUTE);
    }
    return routes;
  }

  List<NameAddress> recordRoutes() throws SipParseException {
    if (recordRoutes == null) {
      recordRoutes = addresses(HeaderName.RECORD_ROUTE);
    }
    return recordRoutes;
  }

  Contacts contacts() throws SipParseException {
    if (contacts == null) {
      int first = m.findLine(HeaderName.CONTACT, 0);
      if (first < 0) {
        contacts = new Contacts(false, List.of());
      } else {
        Contacts c = Contacts.parse(m.buf, m.valueStart(first), length(first));
        int next = m.findLine(HeaderName.CONTACT, first + 1);
        if (next >= 0 && c.wildcard()) {
          // RFC 3261 §10.3 step 6: '*' must stand alone
          throw new SipParseException(m.valueStart(next), "Contact: * with other Contact values");
        }
        List<NameAddress> all = new ArrayList<>(c.addresses());
        for (int line = next; line >= 0; line = m.findLine(HeaderName.CONTACT, line + 1)) {
          Contacts more = Contacts.parse(m.buf, m.valueStart(line), length(line));
          if (more.wildcard()) {
            throw new SipParseException(m.valueStart(line), "Contact: * with other Contact values");
          }
          all.addAll(more.addresses());
        }
        contacts = c.wildcard() ? c : new Contacts(false, all);
      }
    }
    return contacts;
  }

  private List<NameAddress> addresses(HeaderName name) throws SipParseException {
    int first = m.findLine(name, 0);
    if (first < 0) {
      return List.of();
    }
    List<NameAddress> all = new ArrayList<>(4);
    for (int line = first; line >= 0; line = m.findLine(name, line + 1)) {
      all.addAll(NameAddress.parseList(m.buf, m.valueStart(line), length(line)));
    }
    return List.copyOf(all);
  }

  /**
   * The one line of a header that must appear exactly once (RFC 3261 §8.1.1, §16.3 step 1; RFC 4475
   * insuf, multi01): missing or repeated is a 400.
   */
  private int singleLine(HeaderName name) throws SipParseException {
    int line = m.findLine(name, 0);
    if (line < 0) {
      throw new SipParseException(m.idx.headersEnd - 2, "missing " + name + " header");
    }
    int again = m.findLine(name, line + 1);
    if (again >= 0) {
      throw new SipParseException(
          m.idx.get(again, MessageIndex.LINE_START), "more than one " + name + " header");
    }
    return line;
  }

  private int length(int line) {
    return m.valueEnd(line) - m.valueStart(line);
  }
}
