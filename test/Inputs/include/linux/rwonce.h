/* Mock of include/asm-generic/rwonce.h and the x86 barriers
 * (arch/x86/include/asm/barrier.h, include/asm-generic/barrier.h), 6.12,
 * CONFIG_SMP=y, without KCSAN instrumentation. */
#ifndef _LINUX_RWONCE_H
#define _LINUX_RWONCE_H

#include <linux/compiler.h>

#define __unqual_scalar_typeof(x) typeof(x)
#define compiletime_assert_rwonce_type(t) \
	_Static_assert(sizeof(t) <= sizeof(long long), "Unsupported access size for {READ,WRITE}_ONCE().")
#define compiletime_assert_atomic_type(t) \
	_Static_assert(sizeof(t) <= sizeof(long), "Need native word sized stores/loads for atomicity.")
#define barrier() __asm__ __volatile__("" : : : "memory")

#define __READ_ONCE(x)	(*(const volatile __unqual_scalar_typeof(x) *)&(x))

#define READ_ONCE(x)							\
({									\
	compiletime_assert_rwonce_type(x);				\
	__READ_ONCE(x);							\
})

#define __WRITE_ONCE(x, val)						\
do {									\
	*(volatile typeof(x) *)&(x) = (val);				\
} while (0)

#define WRITE_ONCE(x, val)						\
do {									\
	compiletime_assert_rwonce_type(x);				\
	__WRITE_ONCE(x, val);						\
} while (0)

#define __smp_store_release(p, v)					\
do {									\
	compiletime_assert_atomic_type(*p);				\
	barrier();							\
	WRITE_ONCE(*p, v);						\
} while (0)

#define __smp_load_acquire(p)						\
({									\
	typeof(*p) ___p1 = READ_ONCE(*p);				\
	compiletime_assert_atomic_type(*p);				\
	barrier();							\
	___p1;								\
})

#define kcsan_release() do { } while (0)
#define smp_store_release(p, v) do { kcsan_release(); __smp_store_release(p, v); } while (0)
#define smp_load_acquire(p) __smp_load_acquire(p)

#endif
