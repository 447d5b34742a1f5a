/** Codecs the relay handles itself: G.711 companding and PCMU/PCMA transcoding. */
package io.isthmus.media.codec;
