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

// ApexCharts puts legend entries and tooltip texts into the page as HTML (innerHTML), while axis labels, data
// labels and titles are SVG text. Names and categories are user data (model classes, sources, rule names), so they
// reach the HTML places only through these formatters, escaped once, and everywhere else raw.
const htmlEntities = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value) {
    if (value === null || value === undefined) return '';
    const text = Array.isArray(value) ? value.join(' ') : String(value);
    return text.replace(/[&<>"']/g, c => htmlEntities[c]);
}

function roundNumber(v) {
    return v == null ? '' : typeof v === 'number' ? Math.round(v * 100) / 100 : v;
}

function textOnly(options, timeAxis) {
    options.legend = { ...options.legend, formatter: name => escapeHtml(name) };
    options.tooltip = {
        ...options.tooltip,
        y: {
            formatter: v => escapeHtml(roundNumber(v)),
            title: { formatter: name => (name ? escapeHtml(name) + ': ' : '') },
        },
    };
    // Time axes show formatted dates (numbers in, never user text); category axes show the category as the title.
    if (!timeAxis) {
        options.tooltip.x = { ...options.tooltip.x, formatter: (v, o) => escapeHtml(o && o.w ? o.w.globals.xLabelFormatter(v, o) : v) };
    }
    return options;
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
        options.yaxis = { title: { text: config.yTitle }, labels: { formatter: roundNumber } };
        options.plotOptions = { bar: { columnWidth: '85%' } };
        options.stroke = { width: config.type === 'bar' || config.type === 'scatter' ? 0 : 2, curve: 'smooth' };
        if (config.type === 'scatter') options.markers = { size: 5, strokeWidth: 0, fillOpacity: 0.75 };
    }
    if (config.colors && config.colors.length) options.colors = config.colors;
    // Last, after the page's extra options (which come from JSON and so carry no formatters of their own).
    return textOnly(merge(options, config.extra), config.timeAxis);
}

export function render(element, config, dotnet) {
    const options = buildOptions(config);
    if (dotnet && config.clickable) {
        options.chart.events = {
            ...options.chart.events,
            dataPointSelection: (event, ctx, { seriesIndex, dataPointIndex }) => {
                if (seriesIndex >= 0 && dataPointIndex >= 0) dotnet.invokeMethodAsync('PointSelected', seriesIndex, dataPointIndex);
            },
        };
        options.markers = { ...options.markers, hover: { sizeOffset: 3 } };
    }
    if (dotnet && config.selectable) {
        // Drag to select a time range; the page re-queries it, so the chart itself does not zoom.
        options.chart.zoom = { enabled: true, type: 'x', autoScaleYaxis: false };
        options.chart.toolbar = {
            show: true,
            autoSelected: 'zoom',
            tools: { download: false, selection: false, zoom: true, zoomin: false, zoomout: false, pan: false, reset: false },
        };
        options.chart.events = {
            ...options.chart.events,
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
