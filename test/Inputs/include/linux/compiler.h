/* Mock of Linux 6.12 include/linux/compiler.h + compiler_attributes.h +
 * compiler_types.h + init.h (only what the wqdep tests need). */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

#define __always_inline		inline __attribute__((__always_inline__))
#define __maybe_unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __section(s)		__attribute__((__section__(s)))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __ro_after_init		__section(".data..ro_after_init")
#define __user
#define __percpu
#define __bitwise

#if defined(__has_attribute) && __has_attribute(__warning__)
# define __compiletime_warning(msg)	__attribute__((__warning__(msg)))
#else
# define __compiletime_warning(msg)
#endif

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

/* include/linux/init.h */
#define __init		__section(".init.text")
#define __exit		__section(".exit.text")
#define __initdata	__section(".init.data")

/* include/linux/compiler_types.h */
#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))

/* include/linux/build_bug.h */
#define static_assert(expr, ...) __static_assert(expr, ##__VA_ARGS__, #expr)
#define __static_assert(expr, msg, ...) _Static_assert(expr, msg)

#endif /* _LINUX_COMPILER_H */
