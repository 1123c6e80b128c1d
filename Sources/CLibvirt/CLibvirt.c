#include "CLibvirt.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

const vt_libvirt_functions *vt_libvirt_open(const char *library, char *error, size_t errorCapacity) {
    if (errorCapacity > 0) error[0] = '\0';
    void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(error, errorCapacity, "%s", reason != NULL ? reason : "dlopen failed");
        return NULL;
    }
    vt_libvirt_functions *functions = calloc(1, sizeof *functions);
    if (functions == NULL) {
        snprintf(error, errorCapacity, "out of memory");
        dlclose(handle);
        return NULL;
    }
#define VT_LIBVIRT_RESOLVE(name)                                                 \
    {                                                                            \
        void *symbol = dlsym(handle, #name);                                     \
        if (symbol == NULL) {                                                    \
            snprintf(error, errorCapacity, "%s has no function %s", library, #name); \
            free(functions);                                                     \
            dlclose(handle);                                                     \
            return NULL;                                                         \
        }                                                                        \
        functions->name = (__typeof__(name) *)symbol;                            \
    }
    VT_LIBVIRT_FUNCTIONS(VT_LIBVIRT_RESOLVE)
#undef VT_LIBVIRT_RESOLVE
    return functions;
}
