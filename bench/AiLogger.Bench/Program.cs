using AiLogger.Bench;

// dotnet run -c Release --project bench/AiLogger.Bench -- <scenario> [options]
//   ingest --events 100000 [--batch 1000] [--connections 4] [--warmup 50000] [--direct] [--provider sqlite|postgres]
//   writer [--events 100000] [--group 5000] [--days N]   (the PostgreSQL writer alone, on AILOGGER_BENCH_POSTGRES)
//   query --events 1000000 [--runs 40] [--db path]
//   tail [--rate 2000] [--seconds 20] [--browser-rate 10000]
//   import [--lines 1000000] [--scan-first]
//   models [--predictions 1000000] [--days 90] [--classes 10] [--batch 5000] [--connections 2] [--runs 40]
//   alerts [--events 10000000] [--cycles 10] [--db path]
//   overload [--connections 64] [--batch 5000] [--seconds 20]
//   backup [--events 1000000]
//   otlp [--spans 1000000] [--transport both|grpc|http] [--workers 4] [--batch 512] [--runs 40]
//   migrate [--events 1000000]
//   metrics [--series 1000] [--workers 4] [--flushes 100] [--transport grpc|http] [--runs 40]
//   tests [--cases 20000] [--history 1000] [--runs 40] [--provider sqlite|postgres]
//   clients [--lines 200000] [--records 200000]   (the built ailogger CLI's ingest, the Python handler)
//   serve  (internal: the server process the HTTP scenarios start)
return args.FirstOrDefault() switch
{
    "serve" => await BenchServer.ServeAsync(args[1..]),
    "ingest" => await IngestScenario.RunAsync(BenchArguments.Parse(args[1..])),
    "writer" => await WriterScenario.RunAsync(args[1..]),
    "query" => await QueryScenario.RunAsync(BenchArguments.Parse(args[1..]), args[1..]),
    "tail" => await TailScenario.RunAsync(args[1..]),
    "import" => await ImportScenario.RunAsync(args[1..]),
    "models" => await ModelsScenario.RunAsync(args[1..]),
    "alerts" => await AlertsScenario.RunAsync(BenchArguments.Parse(args[1..]), args[1..]),
    "overload" => await OverloadScenario.RunAsync(args[1..]),
    "backup" => await BackupScenario.RunAsync(args[1..]),
    "otlp" => await OtlpScenario.RunAsync(args[1..]),
    "migrate" => await MigrateScenario.RunAsync(args[1..]),
    "metrics" => await MetricsScenario.RunAsync(args[1..]),
    "tests" => await TestsScenario.RunAsync(args[1..]),
    "clients" => await ClientsScenario.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        AI-Logger benchmarks
          ingest --events N [--batch 1000] [--connections 4] [--warmup 50000] [--direct] [--sync normal|full] [--provider sqlite|postgres]
          writer [--events 100000] [--group 5000] [--days N]
          query  --events N [--runs 40] [--db path]
          tail   [--rate 2000] [--seconds 20] [--browser-rate 10000]
          import [--lines 1000000] [--scan-first]
          models [--predictions 1000000] [--days 90] [--classes 10] [--batch 5000] [--connections 2] [--runs 40]
          alerts [--events 10000000] [--cycles 10] [--db path]
          overload [--connections 64] [--batch 5000] [--seconds 20]
          backup [--events 1000000]
          otlp   [--spans 1000000] [--transport both|grpc|http] [--workers 4] [--batch 512] [--runs 40]
          migrate [--events 1000000]
          metrics [--series 1000] [--workers 4] [--flushes 100] [--transport grpc|http] [--runs 40]
          tests  [--cases 20000] [--history 1000] [--runs 40] [--provider sqlite|postgres]
          clients [--lines 200000] [--records 200000]
        Prints a table; see docs/performance.md for recorded figures.
        """);
    return 2;
}
