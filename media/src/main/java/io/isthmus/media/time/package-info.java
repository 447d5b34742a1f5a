/** Injected time: the clock and scheduler every time-dependent rule of the relay runs on. */
package io.isthmus.media.time;
