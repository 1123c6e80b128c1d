#ifndef CSOCKETS_H
#define CSOCKETS_H
#include <stdint.h>
#include <sys/types.h>
#include <linux/netlink.h>  /* NETLINK_ROUTE, for Swift */

/// The most datagrams one batch call moves.
#define VTS_MAX_BATCH 64

/// One sendmmsg(2) call for `count` datagrams (`bases[i]`, `lengths[i]`) to `address` (NULL for a
/// connected socket) with `flags` (MSG_DONTWAIT for a call that must not wait). Builds the message
/// headers on the stack and returns sendmmsg's result unchanged: how many were sent, or -1 with
/// errno set (nothing after the call touches errno; the caller reads it and decides on EINTR).
int vts_sendmmsg(int fd, const uint8_t *const *bases, const uint32_t *lengths, int count,
                 const void *address, uint32_t addressLength, int flags);

/// One recvmmsg(2) call with MSG_DONTWAIT for up to `count` datagrams into `buffers[i]` (each
/// `capacity` bytes); fills `lengths[i]` and the sender's address in `addresses` (`addressStride`
/// bytes each, a struct sockaddr_storage). Returns recvmmsg's result unchanged (-1 with errno set).
int vts_recvmmsg(int fd, uint8_t *const *buffers, uint32_t capacity, uint32_t *lengths, int count,
                 void *addresses, uint32_t addressStride);

/// Binds an AF_NETLINK socket to the link notification group (RTMGRP_LINK). Returns bind's result
/// unchanged (-1 with errno set).
int vts_netlink_bind_link_events(int fd);

/// Counts the RTM_NEWLINK / RTM_DELLINK messages in `length` bytes of rtnetlink messages
/// (a pure function: no system call).
int vts_count_link_events(const uint8_t *buffer, int length);
#endif
