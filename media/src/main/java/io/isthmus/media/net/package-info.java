/** Logical interfaces, their port pools and the datagram transport (epoll or NIO) of the relay. */
package io.isthmus.media.net;
