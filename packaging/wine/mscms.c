/* Test-prefix stand-in for the four mscms.dll functions qwindows.dll imports.
 *
 * Wine 8's own mscms has WcsCreateIccProfile as a stub that aborts the process, which qwindows.dll
 * calls when it creates the screen to read the monitor's colour profile. Here no profile can be
 * opened, so Qt keeps its default (sRGB) colour space, as on a PC without a monitor profile.
 * Loaded instead of Wine's builtin by WINEDLLOVERRIDES=mscms=n in the throwaway Wine prefix of
 * `build.py wine-test` only; never part of the installer.
 */
#include <windows.h>

__declspec(dllexport) HANDLE WINAPI OpenColorProfileW(void *profile, DWORD access, DWORD sharing, DWORD creation) {
    (void)profile; (void)access; (void)sharing; (void)creation;
    SetLastError(ERROR_FILE_NOT_FOUND);
    return NULL;
}
__declspec(dllexport) BOOL WINAPI CloseColorProfile(HANDLE profile) {
    (void)profile;
    return TRUE;
}
__declspec(dllexport) BOOL WINAPI GetColorProfileFromHandle(HANDLE profile, BYTE *buffer, DWORD *size) {
    (void)profile; (void)buffer;
    if (size != NULL) *size = 0;
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
}
__declspec(dllexport) HANDLE WINAPI WcsCreateIccProfile(HANDLE profile, DWORD options) {
    (void)profile; (void)options;
    SetLastError(ERROR_INVALID_HANDLE);
    return NULL;
}
