#ifndef VIRTUALTAP_CLIBVIRT_H
#define VIRTUALTAP_CLIBVIRT_H
// libvirt's headers, for its types and constants only: nothing here links libvirt.
// Its functions are reached through a `vt_libvirt_functions` table that
// `vt_libvirt_open` fills with dlopen/dlsym, so a process that never uses the
// libvirt inventory source neither loads libvirt nor needs it installed.
#include <stddef.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/// Every libvirt function VirtualTap calls, by its libvirt name.
#define VT_LIBVIRT_FUNCTIONS(X) \
    X(virConnectOpen) \
    X(virConnectOpenReadOnly) \
    X(virConnectClose) \
    X(virConnectIsAlive) \
    X(virConnectGetHostname) \
    X(virConnectListAllDomains) \
    X(virConnectListAllNetworks) \
    X(virConnectDomainEventRegisterAny) \
    X(virConnectDomainEventDeregisterAny) \
    X(virDomainFree) \
    X(virDomainGetXMLDesc) \
    X(virDomainGetState) \
    X(virDomainInterfaceAddresses) \
    X(virDomainInterfaceFree) \
    X(virDomainLookupByName) \
    X(virDomainDefineXML) \
    X(virDomainUndefine) \
    X(virDomainCreate) \
    X(virDomainDestroy) \
    X(virNetworkGetXMLDesc) \
    X(virNetworkFree) \
    X(virResetLastError) \
    X(virSetErrorFunc) \
    X(virGetLastErrorMessage) \
    X(virEventRegisterDefaultImpl) \
    X(virEventRunDefaultImpl) \
    X(virEventAddTimeout)

/// The libvirt functions of one loaded library, each with libvirt's own signature
/// (a field per entry of `VT_LIBVIRT_FUNCTIONS`). Every field is set in a table
/// returned by `vt_libvirt_open`.
typedef struct vt_libvirt_functions {
#define VT_LIBVIRT_FIELD(name) __typeof__(name) *_Nonnull name;
    VT_LIBVIRT_FUNCTIONS(VT_LIBVIRT_FIELD)
#undef VT_LIBVIRT_FIELD
} vt_libvirt_functions;

/// Opens `library` (such as "libvirt.so.0") with dlopen(RTLD_NOW | RTLD_LOCAL) and
/// resolves every function of the table. Returns the table (allocated, and the
/// library kept open, for the rest of the process), or NULL with a one-line reason
/// (dlerror's text, or the missing function) in `error` (`errorCapacity` bytes,
/// always NUL-terminated). Each call opens anew: callers load once and keep the table.
const vt_libvirt_functions *_Nullable vt_libvirt_open(const char *_Nonnull library, char *_Nonnull error,
                                                      size_t errorCapacity);
#endif
