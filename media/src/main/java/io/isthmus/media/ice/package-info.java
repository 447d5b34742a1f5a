/**
 * The relay's ICE-lite agent (RFC 8445 §2.5): its own host candidates per relay port, short-term
 * credentials, and STUN Binding responses (RFC 5389) to the connectivity checks of a full agent on
 * the media ports, from which the relay learns where the party's media comes from.
 */
package io.isthmus.media.ice;
