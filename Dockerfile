# newsclf serve in a container: multi-stage, ReadyToRun, non-root, the shipped model baked in.
#
#   docker build -t newsclf .
#   newsclf keys add cms --keys-file keys.json          # on your machine: prints the key once, stores its hash
#   docker run -p 8080:8080 -v "$PWD/keys.json:/etc/newsclf/keys.json:ro" newsclf
#
# A model of your own instead of the baked one: mount a folder of model folders with a pointer and name it, e.g.
#   -v /srv/newsclf-models:/models:ro -e Service__Model=/models/current
# ('current' is a file holding a folder name such as 'v7'; rewrite it and the service swaps models live).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that a code change does not re-download the packages.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/NewsClassifier/NewsClassifier.csproj src/NewsClassifier/
COPY src/NewsClassifier.Training/NewsClassifier.Training.csproj src/NewsClassifier.Training/
COPY src/NewsClassifier.Service/NewsClassifier.Service.csproj src/NewsClassifier.Service/
COPY src/NewsClassifier.Desk/NewsClassifier.Desk.csproj src/NewsClassifier.Desk/
COPY src/NewsClassifier.Cli/NewsClassifier.Cli.csproj src/NewsClassifier.Cli/
RUN dotnet restore src/NewsClassifier.Cli -r linux-x64
COPY src/ src/
COPY models/ models/
# A RID-specific publish is ReadyToRun (see the CLI project): about a fifth off the cold start.
RUN dotnet publish src/NewsClassifier.Cli -c Release -r linux-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Containers listen on all interfaces, so API keys are required: no key file, no start (nothing is generated).
ENV Service__Urls=http://0.0.0.0:8080 \
    Service__KeysFile=/etc/newsclf/keys.json \
    Service__GenerateKeyWhenNone=false \
    Service__Store=/var/lib/newsclf/newsclf.db \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
# The 'app' user (uid 1654) of the .NET images: the process cannot write to /app.
# The editors' feedback store (SQLite) needs a writable folder; replicas that share one store use PostgreSQL instead
# (Service__Store="Host=...;Database=...").
RUN mkdir -p /var/lib/newsclf && chown "$APP_UID" /var/lib/newsclf
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/newsclf.dll"]
CMD ["serve"]
