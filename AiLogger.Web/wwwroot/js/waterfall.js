// The trace minimap: drag across it to zoom the waterfall into that part of the trace.
export function attachMinimap(element, dotnet) {
    const band = element.querySelector('.minimap-drag');
    let start = null;
    const fraction = e => {
        const box = element.getBoundingClientRect();
        return Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
    };
    element.addEventListener('pointerdown', e => {
        start = fraction(e);
        element.setPointerCapture(e.pointerId);
        band.style.display = 'block';
        band.style.left = (start * 100) + '%';
        band.style.width = '0';
    });
    element.addEventListener('pointermove', e => {
        if (start === null) return;
        const now = fraction(e);
        band.style.left = (Math.min(start, now) * 100) + '%';
        band.style.width = (Math.abs(now - start) * 100) + '%';
    });
    element.addEventListener('pointerup', e => {
        if (start === null) return;
        const end = fraction(e);
        band.style.display = 'none';
        const [from, to] = [Math.min(start, end), Math.max(start, end)];
        start = null;
        if (to - from > 0.002) dotnet.invokeMethodAsync('ZoomTo', from, to);
    });
}
