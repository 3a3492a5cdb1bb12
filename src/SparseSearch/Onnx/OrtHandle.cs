using System.Runtime.InteropServices;

namespace SparseSearch.Onnx;

/// <summary>
/// Owns one ORT object and releases it exactly once with the matching <c>Release*</c> function. SafeHandle's
/// reference counting also keeps the object alive while a native call that uses it is in flight on another thread,
/// which is what makes Dispose racing with Run safe.
/// </summary>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<IntPtr, void> _release;
    private readonly SafeHandle? _parent;

    public OrtHandle(IntPtr handle, delegate* unmanaged<IntPtr, void> release) : base(IntPtr.Zero, ownsHandle: true)
    {
        _release = release;
        SetHandle(handle);
    }

    /// <summary>
    /// A handle that must not outlive <paramref name="parent"/> (a session and its environment): the caller has
    /// already taken a reference on the parent with DangerousAddRef, and this handle gives it back after releasing.
    /// </summary>
    public OrtHandle(IntPtr handle, delegate* unmanaged<IntPtr, void> release, SafeHandle parentAlreadyAddRefed) : this(handle, release)
    {
        _parent = parentAlreadyAddRefed;
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _release(handle);
        _parent?.DangerousRelease();
        return true;
    }
}
