#define _GNU_SOURCE
#include "CTunnelSockets.h"
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

int vtgr_send_batch(int fd, const uint8_t *const *bases, const uint32_t *lengths, int count,
                    const void *address, uint32_t addressLength) {
    struct mmsghdr messages[VTGR_MAX_BATCH];
    struct iovec vectors[VTGR_MAX_BATCH];
    if (count > VTGR_MAX_BATCH) count = VTGR_MAX_BATCH;
    memset(messages, 0, sizeof(struct mmsghdr) * (size_t)count);
    for (int i = 0; i < count; i++) {
        vectors[i].iov_base = (void *)bases[i];
        vectors[i].iov_len = lengths[i];
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = (void *)address;
        messages[i].msg_hdr.msg_namelen = address ? addressLength : 0;
    }
    int sent = 0;
    while (sent < count) {
        int n = sendmmsg(fd, messages + sent, (unsigned)(count - sent), 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            return sent > 0 ? sent : -errno;
        }
        sent += n;
    }
    return sent;
}

int vtgr_receive_batch(int fd, uint8_t *const *buffers, uint32_t capacity, uint32_t *lengths, int count,
                       void *addresses, uint32_t addressStride) {
    struct mmsghdr messages[VTGR_MAX_BATCH];
    struct iovec vectors[VTGR_MAX_BATCH];
    if (count > VTGR_MAX_BATCH) count = VTGR_MAX_BATCH;
    memset(messages, 0, sizeof(struct mmsghdr) * (size_t)count);
    for (int i = 0; i < count; i++) {
        vectors[i].iov_base = buffers[i];
        vectors[i].iov_len = capacity;
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = (char *)addresses + (size_t)i * addressStride;
        messages[i].msg_hdr.msg_namelen = addressStride;
    }
    int n;
    do { n = recvmmsg(fd, messages, (unsigned)count, MSG_DONTWAIT, NULL); } while (n < 0 && errno == EINTR);
    if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
    for (int i = 0; i < n; i++) lengths[i] = messages[i].msg_len;
    return n;
}

int vtgr_link_events_open(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) return -errno;
    struct sockaddr_nl address;
    memset(&address, 0, sizeof address);
    address.nl_family = AF_NETLINK;
    address.nl_groups = RTMGRP_LINK;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

int vtgr_link_events_drain(int fd, uint8_t *buffer, uint32_t capacity) {
    int events = 0;
    for (;;) {
        ssize_t received = recv(fd, buffer, capacity, MSG_DONTWAIT);
        if (received < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return events;
            if (errno == ENOBUFS) { events += 1; continue; }
            return events > 0 ? events : -errno;
        }
        if (received == 0) return events;
        int length = (int)received;
        for (struct nlmsghdr *header = (struct nlmsghdr *)buffer; NLMSG_OK(header, length);
             header = NLMSG_NEXT(header, length)) {
            if (header->nlmsg_type == RTM_NEWLINK || header->nlmsg_type == RTM_DELLINK) events += 1;
        }
    }
}
