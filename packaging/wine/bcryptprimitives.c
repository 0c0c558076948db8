/* Test-prefix stand-in for Windows' bcryptprimitives.dll (Windows 10+), which Wine 8 lacks.
 *
 * The Rust standard library in python-calamine's module imports ProcessPrng for its random numbers
 * (hash seeds). Here it is served by BCryptGenRandom with the system RNG, which Wine implements.
 * Copied into the throwaway Wine prefix by `build.py wine-test` only; never part of the installer.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
    while (size > 0) {
        ULONG chunk = size > 0x40000000 ? 0x40000000 : (ULONG)size;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE; /* as documented: ProcessPrng always succeeds */
}
