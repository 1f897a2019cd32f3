# One image recipe for both split services, built from this repository:
#   docker build --build-arg SERVICE=command-side -t groups-command-side .
#   docker build --build-arg SERVICE=query-side   -t groups-query-side .
# docker-compose.yml builds both.
ARG SERVICE=command-side

FROM eclipse-temurin:17.0.15_6-jdk-jammy AS build
ARG SERVICE
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY shared-api shared-api
COPY service-common service-common
COPY command-side command-side
COPY query-side query-side
COPY standalone/pom.xml standalone/pom.xml
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -pl ${SERVICE} -am package -DskipTests

FROM eclipse-temurin:17.0.15_6-jre-jammy
ARG SERVICE
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1001 groups
COPY --from=build /src/${SERVICE}/target/groups-${SERVICE}.jar /app/service.jar
USER groups
EXPOSE 8080
# Size the heap from the container's memory limit, and die (to be restarted) rather than limp on after an OOM.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
