/** RTP and RTCP header accessors: static functions over bytes, no object per packet. */
package io.isthmus.media.rtp;
