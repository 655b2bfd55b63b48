/* Mock of include/linux/irqflags.h and arch/x86/include/asm/irqflags.h
 * (6.12, x86, no CONFIG_TRACE_IRQFLAGS): the macros expand to the same
 * inline calls. */
#ifndef _MOCK_LINUX_IRQFLAGS_H
#define _MOCK_LINUX_IRQFLAGS_H

#include <linux/compiler.h>
#include <linux/types.h>

extern unsigned long __mock_irq_flags;

static __always_inline void arch_local_irq_disable(void)
{
	__mock_irq_flags = 0;
}

static __always_inline void arch_local_irq_enable(void)
{
	__mock_irq_flags = 0x200;
}

static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = __mock_irq_flags;
	arch_local_irq_disable();
	return flags;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & 0x200)
		arch_local_irq_enable();
}

#define raw_local_irq_disable()		arch_local_irq_disable()
#define raw_local_irq_enable()		arch_local_irq_enable()
#define raw_local_irq_save(flags)			\
	do {						\
		flags = arch_local_irq_save();		\
	} while (0)
#define raw_local_irq_restore(flags)			\
	do {						\
		arch_local_irq_restore(flags);		\
	} while (0)

#define local_irq_enable()	do { raw_local_irq_enable(); } while (0)
#define local_irq_disable()	do { raw_local_irq_disable(); } while (0)
#define local_irq_save(flags)	do { raw_local_irq_save(flags); } while (0)
#define local_irq_restore(flags) do { raw_local_irq_restore(flags); } while (0)

#endif
