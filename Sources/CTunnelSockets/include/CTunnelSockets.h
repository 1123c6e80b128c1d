#ifndef CTUNNELSOCKETS_H
#define CTUNNELSOCKETS_H
#include <stdint.h>
#include <sys/types.h>

/// The most datagrams one batch call moves.
#define VTGR_MAX_BATCH 64

/// Sends `count` datagrams (`bases[i]`, `lengths[i]`) with one sendmmsg(2) call per
/// kernel round; `address` (may be NULL for a connected socket) is the destination.
/// Returns how many were sent, or -errno when the first one failed.
int vtgr_send_batch(int fd, const uint8_t *const *bases, const uint32_t *lengths, int count,
                    const void *address, uint32_t addressLength);

/// Receives up to `count` datagrams into `buffers[i]` (each `capacity` bytes) with one
/// recvmmsg(2) call (MSG_DONTWAIT). Fills `lengths[i]` and the sender's address in
/// `addresses` (`addressStride` bytes each, a struct sockaddr_storage).
/// Returns how many were received, 0 when none was waiting, or -errno.
int vtgr_receive_batch(int fd, uint8_t *const *buffers, uint32_t capacity, uint32_t *lengths, int count,
                       void *addresses, uint32_t addressStride);

/// Opens a non-blocking rtnetlink socket subscribed to link notifications (RTMGRP_LINK:
/// RTM_NEWLINK / RTM_DELLINK for every interface of this network namespace).
/// Returns the descriptor, or -errno.
int vtgr_link_events_open(void);

/// Reads every notification waiting on `fd` (with `buffer` of `capacity` bytes, EINTR retried)
/// and returns how many were link events (an overrun, ENOBUFS, counts as one: events were lost),
/// 0 when none was waiting, or -errno.
int vtgr_link_events_drain(int fd, uint8_t *buffer, uint32_t capacity);
#endif
