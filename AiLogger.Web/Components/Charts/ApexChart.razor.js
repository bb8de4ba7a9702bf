// Thin bridge to ApexCharts (loaded as lib/apexcharts/apexcharts.min.js). One chart per element.
const charts = new WeakMap();

function isObject(value) {
    return value && typeof value === 'object' && !Array.isArray(value);
}

function merge(target, source) {
    for (const [key, value] of Object.entries(source || {})) {
        target[key] = isObject(value) && isObject(target[key]) ? merge({ ...target[key] }, value) : value;
    }
    return target;
}

function buildOptions(config) {
    const pie = config.type === 'pie' || config.type === 'donut';
    const options = {
        chart: {
            type: config.type,
            height: config.height,
            stacked: config.stacked,
            background: 'transparent',
            fontFamily: 'inherit',
            toolbar: { show: false },
            zoom: { enabled: false },
            animations: { enabled: false },
        },
        theme: { mode: config.dark ? 'dark' : 'light' },
        series: config.series,
        dataLabels: { enabled: false },
        legend: { position: 'top', horizontalAlign: 'left' },
        grid: { borderColor: config.dark ? '#2c3048' : '#e6e8ef' },
        tooltip: { theme: config.dark ? 'dark' : 'light', x: { format: 'dd MMM HH:mm' } },
    };
    if (pie) {
        options.labels = config.labels;
    } else {
        options.xaxis = config.timeAxis
            ? { type: 'datetime', labels: { datetimeUTC: false } }
            : { type: 'category' };
        // Category axes (a heat map's rows) keep their labels; numbers are rounded.
        options.yaxis = { title: { text: config.yTitle }, labels: { formatter: v => (v == null ? '' : typeof v === 'number' ? Math.round(v * 100) / 100 : v) } };
        options.plotOptions = { bar: { columnWidth: '85%' } };
        options.stroke = { width: config.type === 'bar' ? 0 : 2, curve: 'smooth' };
    }
    if (config.colors && config.colors.length) options.colors = config.colors;
    return merge(options, config.extra);
}

export function render(element, config, dotnet) {
    const options = buildOptions(config);
    if (dotnet) {
        // Drag to select a time range; the page re-queries it, so the chart itself does not zoom.
        options.chart.zoom = { enabled: true, type: 'x', autoScaleYaxis: false };
        options.chart.toolbar = {
            show: true,
            autoSelected: 'zoom',
            tools: { download: false, selection: false, zoom: true, zoomin: false, zoomout: false, pan: false, reset: false },
        };
        options.chart.events = {
            zoomed: (ctx, { xaxis }) => {
                if (xaxis && xaxis.min !== undefined && xaxis.max !== undefined) dotnet.invokeMethodAsync('RangeSelected', xaxis.min, xaxis.max);
            },
        };
        options.states = { active: { filter: { type: 'none' } } };
    }
    const existing = charts.get(element);
    if (existing) {
        existing.updateOptions(options, true, false);
        return;
    }
    const chart = new window.ApexCharts(element, options);
    charts.set(element, chart);
    chart.render();
}

export function destroy(element) {
    const chart = charts.get(element);
    if (chart) {
        chart.destroy();
        charts.delete(element);
    }
}
