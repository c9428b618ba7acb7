/*
 * bcryptprimitives.dll for Wine 8 (Debian 12), which lacks it: Go 1.24 and
 * later read their random numbers from its ProcessPrng and stop at start
 * without it. Windows 10 and 11 have the real one; this stand-in exists
 * only so scripts/test-windows.sh can run zhiku.exe and the Windows test
 * binaries under that Wine, and is never shipped.
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

/* RtlGenRandom, the system's random generator, exported by advapi32. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
		if (!SystemFunction036(data, chunk))
			return FALSE;
		data += chunk;
		length -= chunk;
	}
	return TRUE;
}
