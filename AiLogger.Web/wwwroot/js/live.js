// Auto-scroll for the live tail: follow the bottom unless the user scrolled up; tell .NET when that changes.
const watched = new WeakMap();

export function attach(container, dotnet) {
    let atBottom = true;
    const onScroll = () => {
        const now = container.scrollHeight - container.scrollTop - container.clientHeight < 48;
        if (now !== atBottom) {
            atBottom = now;
            dotnet.invokeMethodAsync('SetAutoScroll', now);
        }
    };
    container.addEventListener('scroll', onScroll, { passive: true });
    watched.set(container, onScroll);
}

export function scrollToBottom(container) {
    container.scrollTop = container.scrollHeight;
}

export function detach(container) {
    const onScroll = watched.get(container);
    if (onScroll) container.removeEventListener('scroll', onScroll);
}
