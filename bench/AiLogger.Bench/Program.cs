using AiLogger.Bench;

// dotnet run -c Release --project bench/AiLogger.Bench -- <scenario> [options]
//   ingest --events 100000 [--batch 1000] [--connections 4] [--warmup 50000] [--direct]
//   serve  (internal: the server process the HTTP scenarios start)
return args.FirstOrDefault() switch
{
    "serve" => await BenchServer.ServeAsync(args[1..]),
    "ingest" => await IngestScenario.RunAsync(BenchArguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        AI-Logger benchmarks
          ingest --events N [--batch 1000] [--connections 4] [--warmup 50000] [--direct] [--sync normal|full]
        Prints a table; see docs/performance.md for recorded figures.
        """);
    return 2;
}
