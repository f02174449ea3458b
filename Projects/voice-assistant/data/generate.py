#!/usr/bin/env python3
"""Generate the voice-assistant sample project data for Concord.

Writes, next to this script:
  items.csv      id,text,condition,device,speaker       (shown to labelers)
  reference.csv  id,label,confusable_with,difficulty    (hidden; used by the demo simulator)

The texts imitate ASR transcripts of spoken requests to a voice assistant, recorded under
four acoustic conditions. Every query is built from a template and slot values, then run
through a condition-dependent "channel" (word drops, [inaudible] spans, overlapping speech,
phonetically similar wrong words, truncation). The reference label is the intent the
generator had in mind, or `unintelligible` when the degraded text no longer carries it;
`difficulty` is computed from the template's built-in ambiguity plus the degradation that
was actually applied.

Python 3.11 standard library only. Fully deterministic: running it again gives
byte-identical files.

    python3 data/generate.py
"""

import csv
import os
import random
import re

SEED = 20261122
N_ITEMS = 2400
N_SPEAKERS = 150

INTENTS = ["play_music", "set_timer", "weather", "call_contact",
           "navigation", "smart_home", "shopping_list", "other"]
CONDITIONS = ["clean", "car_noise", "people_noise", "low_bandwidth"]
CONDITION_SHARE = {"clean": 0.40, "car_noise": 0.20, "people_noise": 0.20, "low_bandwidth": 0.20}
DEVICES = ["phone", "smart_speaker", "car_headunit", "watch"]

# Share of clear (non-ambiguous) queries per intent.
INTENT_WEIGHTS = {"play_music": 17, "set_timer": 13, "weather": 13, "call_contact": 12,
                  "navigation": 13, "smart_home": 14, "shopping_list": 10, "other": 8}
AMBIGUOUS_RATE = 0.085

# ---------------------------------------------------------------------------------------
# Spoken numbers
# ---------------------------------------------------------------------------------------
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
        "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def say(n):
    """Spell out 0..999 the way an ASR system writes numbers it hears."""
    if n < 20:
        return ONES[n]
    if n < 100:
        t, o = divmod(n, 10)
        return TENS[t] + ("" if o == 0 else " " + ONES[o])
    h, rest = divmod(n, 100)
    return ONES[h] + " hundred" + ("" if rest == 0 else " and " + say(rest))


# ---------------------------------------------------------------------------------------
# Slot values (all names, songs and businesses are made up for this project)
# ---------------------------------------------------------------------------------------
ARTISTS = [
    "the velvet harbors", "maya lindqvist", "dj orbit", "kessler and the moths", "juno reyes",
    "the paper lanterns", "big sable", "nora whitfield", "the copper foxes", "lil ferro",
    "aurelio bassi", "sunday static", "the mellow drifters", "kai okonkwo", "ruby tanaka",
    "the glass orchards", "marlow and finch", "zeta nine", "odette marchand", "the low tides",
    "saint evander", "tommy quill", "the hollow pines", "amara stone", "dusty carver",
    "the neon parish", "yuki hale", "brass and bone", "lena voss", "captain meridian",
]
SONGS = [
    "midnight on the causeway", "paper boats", "golden hour again", "neon tide", "slow river",
    "north of nowhere", "summer in reverse", "the long way home", "city of lanterns",
    "blue static", "falling upward", "electric orchard", "salt and honey",
    "last train to avalon", "copper sky", "dancing in the dust", "window seat",
    "seventeen summers", "wild geese", "all the quiet places", "heartbeat highway",
    "tangerine", "lighthouse", "second chances", "the river knows", "static love",
]
GENRES = ["jazz", "lo fi", "classical music", "rock", "country", "hip hop", "eighties pop",
          "reggae", "ambient music", "piano music", "workout music", "christmas music",
          "blues", "indie folk", "soul", "chill music", "dance music", "nineties hits",
          "kids songs", "bossa nova"]
MOODS = ["relaxing", "upbeat", "calm", "sad", "happy", "romantic", "energetic", "mellow"]
PODCASTS = ["the curious kitchen", "history in ten", "night shift stories",
            "the daily ledger", "small planet", "tech on toast", "the long run",
            "true crime tuesday", "garden talk"]
PLAYLISTS = ["running", "dinner party", "road trip", "focus", "sunday morning", "gym",
             "sleep", "favorites", "summer", "cleaning"]
STATIONS = ["jazz fm", "the local news station", "classic rock radio", "the country station",
            "kiss ninety eight", "radio harbor", "the sports channel"]

DURATIONS = ["thirty seconds", "forty five seconds", "ninety seconds", "one minute",
             "a minute", "two minutes", "three minutes", "four minutes", "five minutes",
             "six minutes", "seven minutes", "eight minutes", "nine minutes", "ten minutes",
             "twelve minutes", "fifteen minutes", "eighteen minutes", "twenty minutes",
             "twenty five minutes", "thirty minutes", "thirty five minutes", "forty minutes",
             "forty five minutes", "half an hour", "an hour", "one hour", "an hour and a half",
             "two hours", "a minute and a half", "two and a half minutes",
             "four and a half minutes", "one hour and fifteen minutes", "three hours"]
TIMES = ["six am", "six thirty", "seven am", "seven fifteen", "seven thirty", "a quarter to eight",
         "eight o'clock", "five forty five", "noon", "nine pm", "ten thirty", "six fifteen am",
         "half past six", "eleven pm", "four thirty in the afternoon", "five am"]
DAYS = ["tomorrow", "on monday", "on tuesday", "on wednesday", "on thursday", "on friday",
        "on saturday", "on sunday", "every weekday", "tomorrow morning", "on the weekend"]
FOODS = ["pasta", "eggs", "rice", "pizza", "cookies", "chicken", "bread", "potatoes", "tea",
         "laundry", "cake", "roast", "noodles", "steak"]

CITIES = ["london", "chicago", "denver", "madrid", "toronto", "portland", "boston", "dublin",
          "austin", "seattle", "lisbon", "munich", "oslo", "san diego", "new york", "paris",
          "glasgow", "vancouver", "atlanta", "miami", "brighton", "phoenix"]
WHEN = ["today", "tomorrow", "tonight", "this weekend", "on friday", "this afternoon",
        "tomorrow morning", "on saturday", "this evening", "next week", "right now",
        "on monday"]

CONTACTS = ["mom", "dad", "grandma", "grandpa", "priya", "tomasz", "elena", "marcus", "aiko",
            "jamal", "sofia", "liam", "aunt rosa", "uncle dev", "dr hansen", "nadia", "oscar",
            "beatriz", "kevin", "hannah", "mateo", "chloe", "the babysitter", "my sister",
            "my brother", "ingrid", "ravi", "fatima", "jonas", "siobhan", "the office",
            "coach miller", "grace", "dmitri", "lucia patel", "ben okafor"]
MESSAGES = ["i'm running late", "i'll be there in ten", "call me back", "happy birthday",
            "dinner is ready", "can you pick up the kids", "on my way", "i'm outside",
            "see you tomorrow", "did you get my email"]

STREETS = ["main street", "maple avenue", "oak street", "fifth avenue", "harbor road",
           "elm street", "station road", "park lane", "river drive", "church street",
           "king street", "lincoln avenue", "mill road", "high street"]
PLACES = ["home", "work", "the airport", "central station", "the hospital", "the mall",
          "the office", "downtown", "the beach", "the stadium", "the library", "my gym",
          "the train station", "grandma's house", "the city center", "the zoo",
          "the parking garage", "the ferry terminal", "the university"]
POIS = ["gas station", "coffee shop", "pharmacy", "charging station", "parking lot",
        "supermarket", "atm", "car wash", "pizza place", "hardware store", "bakery",
        "rest stop", "vet", "post office"]
BUSINESSES = ["luigi's pizzeria", "the green leaf cafe", "harper dental", "bright smile clinic",
              "northside pharmacy", "quick fix auto", "the corner bakery", "blue door bistro",
              "city vet clinic", "pine hill garden center", "golden wok", "fresh mart"]
ROADS = ["the highway", "the ring road", "the bridge", "route nine", "the interstate",
         "the bypass", "the tunnel", "main street"]

ROOMS = ["kitchen", "living room", "bedroom", "bathroom", "hallway", "office", "garage",
         "dining room", "kids room", "basement", "porch", "nursery", "guest room", "upstairs"]
APPLIANCES = ["fan", "coffee maker", "robot vacuum", "air purifier", "dishwasher",
              "tv", "humidifier", "kettle", "space heater", "porch light", "sprinklers",
              "washing machine", "dehumidifier"]
COLORS = ["blue", "warm white", "red", "green", "purple", "orange", "pink", "daylight"]
TEMPS = [say(n) for n in (16, 17, 18, 19, 20, 21, 22, 23, 24, 65, 68, 70, 72, 74)]
PERCENTS = [say(n) for n in (10, 20, 25, 30, 40, 50, 60, 70, 75, 80)]

ITEMS = ["milk", "eggs", "bread", "butter", "bananas", "coffee", "toilet paper", "apples",
         "oat milk", "rice", "pasta", "tomatoes", "cheese", "dish soap", "paper towels",
         "chicken breasts", "yogurt", "onions", "garlic", "olive oil", "cereal", "orange juice",
         "batteries", "dog food", "cat litter", "avocados", "peanut butter", "shampoo",
         "frozen peas", "tortillas", "lemons", "sparkling water", "flour", "sugar",
         "laundry detergent", "trash bags", "strawberries", "spinach", "ice cream", "diapers"]
QUANTITIES = ["two", "three", "a dozen", "a bag of", "a box of", "a carton of", "six",
              "a couple of", "some", "a pack of", "four"]

TASKS = ["take my medicine", "water the plants", "call the dentist", "pay the rent",
         "put the bins out", "pick up the dry cleaning", "book the car service",
         "send the invoice", "renew my passport", "check the mail", "feed the cat",
         "charge my phone", "move the car"]
QUESTIONS = ["how tall is mount everest", "who wrote pride and prejudice",
             "how many ounces are in a cup", "what's the capital of australia",
             "how far away is the moon", "what's the population of canada",
             "how do you make pancakes", "what year did the titanic sink",
             "how many teaspoons in a tablespoon", "what does photosynthesis mean",
             "who won the game last night", "how do i boil an egg",
             "what's the speed of light", "why is the sky blue"]
WORDS = ["necessary", "rhythm", "restaurant", "definitely", "broccoli", "separate",
         "conscience", "mississippi", "bureaucracy", "occasionally"]
PHRASES = ["where is the train station", "thank you very much", "good morning",
           "how much does this cost", "i would like a coffee", "nice to meet you"]
LANGUAGES = ["spanish", "french", "german", "italian", "japanese", "portuguese"]
EVENTS = ["the dentist appointment", "mom's birthday", "the team meeting",
          "the parent teacher meeting", "the car service", "the flight to dublin"]
SMALL = [say(n) for n in (3, 4, 6, 7, 8, 9, 12, 15, 25)]
MONEY = [say(n) for n in (5, 10, 20, 50, 100, 250)]

SLOTS = {
    "artist": ARTISTS, "song": SONGS, "genre": GENRES, "mood": MOODS, "podcast": PODCASTS,
    "playlist": PLAYLISTS, "station": STATIONS, "duration": DURATIONS, "time": TIMES,
    "day": DAYS, "food": FOODS, "city": CITIES, "when": WHEN, "contact": CONTACTS,
    "msg": MESSAGES, "street": STREETS, "place": PLACES, "poi": POIS, "business": BUSINESSES,
    "road": ROADS, "room": ROOMS, "appliance": APPLIANCES, "color": COLORS, "temp": TEMPS,
    "pct": PERCENTS, "item": ITEMS, "qty": QUANTITIES, "task": TASKS, "question": QUESTIONS,
    "word": WORDS, "phrase": PHRASES, "lang": LANGUAGES, "event": EVENTS, "n": SMALL,
    "money": MONEY,
}

# ---------------------------------------------------------------------------------------
# Templates. A template is (text, base_difficulty). Slots are {name}; a slot may carry a
# suffix such as {contact}'s. Clear templates have a low base difficulty.
# ---------------------------------------------------------------------------------------
T = {
    "play_music": [
        ("play {song} by {artist}", 0.02), ("play {song}", 0.06), ("play some {genre}", 0.02),
        ("put on {artist}", 0.05), ("put on some {genre}", 0.04),
        ("i want to hear {song} by {artist}", 0.04), ("play something {mood}", 0.05),
        ("play the latest episode of {podcast}", 0.04), ("play {podcast} podcast", 0.04),
        ("shuffle my {playlist} playlist", 0.03), ("play my {playlist} playlist", 0.02),
        ("play {genre} in the {room}", 0.08), ("play {station}", 0.05),
        ("skip this song", 0.03), ("next song", 0.04), ("play the next track", 0.03),
        ("pause the music", 0.04), ("resume the music", 0.04), ("play that song again", 0.05),
        ("play the new album by {artist}", 0.02), ("play music by {artist}", 0.02),
        ("can you play {song} on repeat", 0.03), ("turn the music up", 0.10),
        ("play some music", 0.02), ("play {artist} radio", 0.04),
        ("listen to {podcast}", 0.05), ("play the top hits", 0.04),
    ],
    "set_timer": [
        ("set a timer for {duration}", 0.02), ("set a {duration} timer", 0.02),
        ("timer for {duration}", 0.03), ("start a timer for {duration} for the {food}", 0.03),
        ("how much time is left on the timer", 0.05), ("cancel the timer", 0.04),
        ("stop the timer", 0.04), ("wake me up at {time}", 0.06),
        ("set an alarm for {time} {day}", 0.05), ("set an alarm for {time}", 0.04),
        ("add five minutes to the timer", 0.05), ("count down from {duration}", 0.08),
        ("set a {food} timer for {duration}", 0.03), ("start a {duration} countdown", 0.05),
        ("snooze the alarm", 0.06), ("turn off my alarm", 0.08),
        ("set two timers one for {duration} and one for {duration}", 0.04),
        ("what time is my alarm set for", 0.08), ("delete all my alarms", 0.06),
        ("timer {duration}", 0.05), ("pause the timer", 0.04),
    ],
    "weather": [
        ("what's the weather like {when}", 0.02), ("what's the weather in {city}", 0.02),
        ("what's the weather in {city} {when}", 0.02), ("is it going to rain {when}", 0.02),
        ("do i need an umbrella {when}", 0.04), ("how hot will it be {when}", 0.03),
        ("what's the temperature outside", 0.04), ("will it snow in {city} {when}", 0.02),
        ("how windy is it", 0.04), ("what's the forecast for {when}", 0.02),
        ("is it cold outside", 0.05), ("what's the uv index {when}", 0.05),
        ("do i need a jacket {when}", 0.05), ("is there a storm coming", 0.04),
        ("how cold is it going to get tonight", 0.04), ("weather for {city}", 0.03),
        ("will it be sunny {when}", 0.03), ("what's the humidity right now", 0.06),
        ("is it raining in {city}", 0.02), ("what's the high {when}", 0.08),
        ("give me the ten day forecast", 0.02),
    ],
    "call_contact": [
        ("call {contact}", 0.02), ("call {contact} on speaker", 0.02), ("phone {contact}", 0.03),
        ("dial {contact}'s mobile", 0.03), ("ring {contact}", 0.04), ("video call {contact}", 0.03),
        ("call {contact} at work", 0.03), ("call back the last number", 0.04), ("redial", 0.06),
        ("send a text to {contact} saying {msg}", 0.05), ("text {contact} {msg}", 0.06),
        ("message {contact} {msg}", 0.06), ("call {contact}'s cell", 0.03),
        ("facetime {contact}", 0.04), ("call my voicemail", 0.06),
        ("can you call {contact} for me", 0.02), ("get {contact} on the phone", 0.04),
        ("call {business}", 0.10), ("tell {contact} {msg}", 0.10),
    ],
    "navigation": [
        ("navigate to {place}", 0.02), ("take me to {place}", 0.03),
        ("directions to {place}", 0.02),
        ("how do i get to {place}", 0.03), ("how long will it take to get to {place}", 0.05),
        ("find a {poi} near me", 0.06), ("where's the nearest {poi}", 0.05),
        ("avoid the highway", 0.06), ("reroute and avoid tolls", 0.04),
        ("what's the traffic like on {road}", 0.07), ("start route home", 0.03),
        ("what's my eta", 0.06), ("take me home", 0.03), ("navigate to {business}", 0.04),
        ("directions to {street}", 0.03), ("drive to {place} avoiding {road}", 0.03),
        ("find the closest {poi} on my route", 0.05), ("how far is {place}", 0.06),
        ("get me to {place} the fastest way", 0.02), ("walking directions to {place}", 0.02),
        ("show me the route to {place}", 0.02),
    ],
    "smart_home": [
        ("turn on the {room} lights", 0.02), ("turn off the {room} lights", 0.02),
        ("turn off the lights in the {room}", 0.02),
        ("dim the lights in the {room} to {pct} percent", 0.02),
        ("set the thermostat to {temp} degrees", 0.04), ("turn up the heating", 0.05),
        ("lock the front door", 0.03), ("is the garage door closed", 0.05),
        ("turn on the {appliance}", 0.04), ("turn off the {appliance}", 0.04),
        ("make the {room} warmer", 0.06), ("start the vacuum in the {room}", 0.03),
        ("set the {room} lights to {color}", 0.02), ("switch off everything downstairs", 0.04),
        ("show me the front door camera", 0.05), ("close the blinds in the {room}", 0.03),
        ("turn the heat down to {temp}", 0.05), ("unlock the back door", 0.03),
        ("is the {appliance} still on", 0.06), ("brighten the {room} lights", 0.03),
        ("turn the ac on", 0.04), ("lights off", 0.03), ("open the garage", 0.04),
    ],
    "shopping_list": [
        ("add {item} to my shopping list", 0.02), ("put {item} on the list", 0.04),
        ("add {item} and {item} to the shopping list", 0.02),
        ("what's on my shopping list", 0.03), ("remove {item} from the shopping list", 0.02),
        ("add {qty} {item} to the grocery list", 0.02), ("clear my shopping list", 0.03),
        ("did i put {item} on the list", 0.05), ("add {item}", 0.10),
        ("put {item} on my grocery list", 0.02), ("cross {item} off the list", 0.04),
        ("read me my shopping list", 0.03), ("we need {item} add it to the list", 0.04),
        ("add {item} to the list for the party", 0.04),
    ],
    "other": [
        ("what time is it", 0.05), ("tell me a joke", 0.02), ("{question}", 0.04),
        ("what's {n} times {n}", 0.04), ("remind me to {task} {day}", 0.06),
        ("remind me to {task} at {time}", 0.07), ("how do you spell {word}", 0.03),
        ("what's on my calendar {day}", 0.05), ("translate {phrase} into {lang}", 0.03),
        ("what can you do", 0.04), ("good night", 0.08), ("read me the news", 0.06),
        ("set a reminder for {event}", 0.07), ("how much is {money} euros in dollars", 0.03),
        ("what's the date today", 0.05), ("flip a coin", 0.04), ("thank you", 0.08),
        ("when is {event}", 0.06), ("what's the score of the game", 0.06),
        ("never mind", 0.10), ("stop", 0.15),
    ],
}

# Genuinely ambiguous queries: (text, label, confusable_with, base_difficulty). The label
# is the reading the guideline's tie-breaking rules give; the second intent is plausible.
AMBIGUOUS = [
    ("play rain sounds for {duration}", "play_music", "set_timer", 0.55),
    ("play white noise in the nursery until {time}", "play_music", "set_timer", 0.55),
    ("play some {genre} for {duration} then stop", "play_music", "set_timer", 0.50),
    ("wake me up with {song} at {time}", "set_timer", "play_music", 0.55),
    ("call the pharmacy on {street}", "call_contact", "navigation", 0.60),
    ("find {business} and call them", "call_contact", "navigation", 0.55),
    ("call the {poi} on {street}", "call_contact", "navigation", 0.55),
    ("share my eta with {contact}", "navigation", "call_contact", 0.65),
    ("let {contact} know i'm on my way and start directions", "navigation", "call_contact", 0.70),
    ("is it going to be cold enough to need the heating", "weather", "smart_home", 0.70),
    ("turn on the heating if it's going to freeze tonight", "smart_home", "weather", 0.60),
    ("what's the temperature in the {room}", "smart_home", "weather", 0.60),
    ("how warm is it inside", "smart_home", "weather", 0.65),
    ("will the roads be icy on my way to {place}", "weather", "navigation", 0.60),
    ("what's the weather at {place} when i get there", "weather", "navigation", 0.50),
    ("add a reminder to buy {item}", "other", "shopping_list", 0.75),
    ("remind me to buy {item} at the store", "other", "shopping_list", 0.60),
    ("order more {item}", "other", "shopping_list", 0.65),
    ("do we have any {item} left", "shopping_list", "other", 0.70),
    ("remind me in {duration} to take the {food} out", "other", "set_timer", 0.65),
    ("turn it up", "play_music", "smart_home", 0.60),
    ("turn off the speaker in the {room}", "smart_home", "play_music", 0.55),
    ("set the mood in the {room}", "smart_home", "play_music", 0.70),
    ("set the oven to {temp} degrees for {duration}", "smart_home", "set_timer", 0.60),
    ("start my morning routine", "smart_home", "other", 0.55),
    ("what time does {business} close", "other", "navigation", 0.55),
    ("when is sunrise {when}", "weather", "other", 0.60),
    ("call me a taxi to {place}", "other", "navigation", 0.70),
    ("turn off everything in {duration}", "smart_home", "set_timer", 0.65),
    ("play the front door camera on the tv", "smart_home", "play_music", 0.50),
]

# Words in a template that carry its intent (used to judge how much evidence survives).
KEYWORDS = {
    "play_music": "play playing music song songs playlist shuffle skip album radio podcast "
                  "episode listen hear put track pause resume louder sounds noise repeat "
                  "hits next",
    "set_timer": "timer timers alarm alarms wake countdown count snooze set minutes",
    "weather": "weather rain raining snow forecast temperature umbrella hot cold sunny windy "
               "humidity jacket storm icy freeze uv high sunrise",
    "call_contact": "call phone dial ring text message video redial voicemail mobile cell "
                    "facetime number saying tell",
    "navigation": "navigate directions route take drive get traffic eta nearest closest way "
                  "highway tolls reroute far walking where's avoid avoiding there",
    "smart_home": "turn lights thermostat heating lock unlock door dim brighten fan vacuum "
                  "switch garage camera blinds heat ac percent warmer degrees lights oven "
                  "inside everything",
    "shopping_list": "add list shopping grocery buy remove cross order need left",
    "other": "remind reminder joke time calendar spell translate news date coin score "
             "times mind",
}
KEYWORDS = {k: v.split() for k, v in KEYWORDS.items()}

# When a clear query is degraded, the intent a hurried labeler most often picks instead.
CONFUSIONS = {
    "play_music": ["other", "smart_home", "set_timer"],
    "set_timer": ["other", "smart_home", "play_music"],
    "weather": ["other", "navigation", "smart_home"],
    "call_contact": ["navigation", "other"],
    "navigation": ["call_contact", "weather", "other"],
    "smart_home": ["play_music", "other", "set_timer"],
    "shopping_list": ["other", "smart_home"],
    "other": ["set_timer", "shopping_list", "weather"],
}

# ---------------------------------------------------------------------------------------
# Speech and channel effects
# ---------------------------------------------------------------------------------------
PREFIXES = ["hey", "okay", "can you", "could you", "please", "hey can you", "um can you",
            "okay so", "could you please", "i want to", "hey so"]
SUFFIXES = ["please", "thanks", "thank you", "now", "right now", "for me"]
FILLERS = ["uh", "um", "uh", "um", "er", "hmm", "like"]
IMPERATIVE = {"play", "put", "set", "start", "cancel", "stop", "wake", "call", "phone", "dial",
              "ring", "send", "text", "message", "navigate", "take", "find", "turn", "dim",
              "lock", "unlock", "add", "remove", "clear", "read", "tell", "remind", "show",
              "close", "open", "brighten", "shuffle", "skip", "pause", "resume", "give",
              "translate", "flip", "get", "drive", "reroute", "avoid", "make", "switch"}

# Overlapping speech from other people in the room (people_noise).
CROSSTALK = [
    "no i said tuesday", "are you coming", "wait what", "mom", "hold on", "did you get the",
    "yeah yeah", "stop it", "is that the", "we need to leave", "not that one", "ha ha",
    "who's that", "give it back", "i don't know", "where are my keys", "dad look",
    "no the other", "okay fine", "you said", "it's my turn", "can i have", "shh",
    "what did she say", "come here", "be quiet", "i told you", "later okay", "right right",
    "so anyway", "oh my god", "no no no", "put your shoes on", "she's on the phone",
]
# Fragments of a second request spoken by someone else, with that request's intent.
SECOND_INTENT = [
    ("turn off the lights", "smart_home"), ("what's the weather", "weather"),
    ("call grandma", "call_contact"), ("play the other song", "play_music"),
    ("is it raining", "weather"), ("add cookies", "shopping_list"),
    ("set a timer", "set_timer"), ("take me home", "navigation"),
    ("put on cartoons", "play_music"), ("call dad", "call_contact"),
    ("make it warmer", "smart_home"), ("we need milk", "shopping_list"),
    ("what time is it", "other"), ("how far is it", "navigation"),
    ("play my song", "play_music"), ("turn the heat up", "smart_home"),
]

# Phonetically similar wrong words (low_bandwidth, occasionally clean).
SUBS = {
    "weather": ["whether", "wetter", "feather"], "call": ["cold", "col", "fall"],
    "play": ["pay", "clay", "plate"], "timer": ["time or", "tiger", "timber"],
    "lights": ["likes", "flights", "bikes"], "navigate": ["never gate", "navy gate"],
    "list": ["lest", "lift", "least"], "add": ["at", "and", "had"], "set": ["sit", "said"],
    "minutes": ["minnets", "min it", "mittens"], "turn": ["tern", "learn"], "off": ["of"],
    "rain": ["range", "reign", "brain"], "heating": ["eating", "heeding"],
    "thermostat": ["thermo stat", "the most that"], "directions": ["direction", "erections"],
    "song": ["son", "sung"], "music": ["muse ick", "mosaic"], "home": ["hum", "phone"],
    "route": ["root", "rout"], "alarm": ["a lamb", "along"], "forecast": ["four cast", "for cast"],
    "temperature": ["temper chair", "temper"], "traffic": ["graphic", "tragic"],
    "dial": ["dile", "file"], "text": ["techs", "tex"], "milk": ["mill", "mick"],
    "eggs": ["ex", "legs"], "bread": ["bred", "red"], "ring": ["wing", "bring"],
    "kitchen": ["kitten", "chicken"], "bedroom": ["bad room", "bed rum"], "dim": ["them", "tim"],
    "lock": ["look", "lark"], "door": ["draw", "the or"], "buy": ["by", "bye"],
    "shopping": ["chopping", "shipping"], "umbrella": ["um bella", "umbrellas"],
    "snow": ["no", "slow"], "hot": ["hat", "what"], "cold": ["called", "coal"],
    "phone": ["foam", "fun"], "mom": ["mum", "bomb"], "dad": ["bad", "that"],
    "remind": ["remain", "rewind"], "reminder": ["remainder", "rewinder"],
    "playlist": ["play list", "pay list"], "podcast": ["pod cast", "bad cast"],
    "fan": ["van", "fun"], "garage": ["garbage", "carriage"], "heat": ["feet", "eat"],
    "wake": ["make", "bake"], "windy": ["wendy", "windows"], "skip": ["ship", "keep"],
    "pause": ["paws", "pours"], "near": ["here", "ear"], "nearest": ["dearest", "near is"],
    "vacuum": ["back home", "vacuumed"], "grocery": ["gross tree", "grocer"],
    "message": ["massage", "passage"], "five": ["fine", "hive"], "ten": ["then", "tin"],
    "twenty": ["plenty", "twenny"], "fifteen": ["fifty", "fit teen"],
    "thirty": ["dirty", "forty"], "blinds": ["blends", "lines"], "tomorrow": ["to borrow"],
}

INAUDIBLE = "[inaudible]"


def fill(template, rng):
    """Expand a template into tokens [word, tag], tag in {'t','s'} (template word, slot)."""
    out = []
    for tok in template.split():
        m = re.fullmatch(r"\{(\w+)\}(.*)", tok)
        if m:
            words = rng.choice(SLOTS[m.group(1)]).split()
            words[-1] += m.group(2)
            out.extend([w, "s"] for w in words)
        else:
            out.append([tok, "t"])
    return out


def tag_keywords(tokens, intents):
    kw = set()
    for intent in intents:
        kw.update(KEYWORDS[intent])
    for tok in tokens:
        if tok[1] == "t":
            tok[1] = "k" if tok[0] in kw else "f"
    return tokens


def add_speech_style(tokens, speaker, rng):
    """Prefixes, polite tails, fillers and restarts, at the speaker's own rates."""
    toks = [list(t) for t in tokens]
    if toks[0][0] in IMPERATIVE and rng.random() < speaker["prefix_rate"]:
        toks = [[w, "f"] for w in rng.choice(PREFIXES).split()] + toks
    if rng.random() < 0.08:
        toks += [[w, "f"] for w in rng.choice(SUFFIXES).split()]
    if rng.random() < speaker["disfluency"]:
        kind = rng.random()
        if kind < 0.55 and len(toks) > 1:
            pos = rng.randint(1, len(toks) - 1)
            toks.insert(pos, [rng.choice(FILLERS), "f"])
        elif kind < 0.85 and len(toks) > 2:
            # restart: "set a uh set a timer"
            n = rng.randint(1, min(3, len(toks) - 1))
            head = [[w, "f"] for w, _ in toks[:n]]
            mid = [[rng.choice(FILLERS), "f"]] if rng.random() < 0.6 else []
            toks = head + mid + toks
        else:
            toks = [[rng.choice(["uh", "um"]), "f"]] + toks
    if rng.random() < speaker["disfluency"] * 0.3 and len(toks) > 3:
        toks.insert(rng.randint(2, len(toks) - 1), [rng.choice(["i mean", "sorry", "wait"]), "f"])
    return [[w, tag, "ok"] for w, tag in toks]


def substitute(tok, rng):
    options = SUBS.get(tok[0])
    if options:
        tok[0] = rng.choice(options)
        tok[2] = "sub"
        return True
    return False


def inaudible_burst(toks, rng, max_len):
    live = [i for i, t in enumerate(toks) if t[2] in ("ok", "sub")]
    if len(live) < 2:
        return
    start = rng.choice(live)
    length = rng.randint(1, max_len)
    for i in range(start, min(len(toks), start + length)):
        if toks[i][2] != "noise":
            toks[i][2] = "inaud"


def degrade(toks, condition, severity, rng):
    """Apply the condition's channel. Returns (tokens, extra) where extra records
    crosstalk fragments and any second intent heard."""
    extra = {"fragments": 0, "second_intent": None, "truncated": False}
    if condition == "clean":
        if rng.random() < 0.06 * severity:
            cands = [t for t in toks if t[0] in SUBS]
            if cands:
                substitute(rng.choice(cands), rng)
        return toks, extra

    if condition == "car_noise":
        for t in toks:
            r = rng.random()
            if r < 0.055 * severity:
                t[2] = "drop"
            elif r < 0.115 * severity:
                t[2] = "inaud"
        if rng.random() < 0.30 * severity:
            inaudible_burst(toks, rng, 3)
        return toks, extra

    if condition == "people_noise":
        for t in toks:
            r = rng.random()
            if r < 0.03 * severity:
                t[2] = "drop"
            elif r < 0.06 * severity:
                t[2] = "inaud"
        n_frag = 1 if rng.random() < 0.85 else 0
        if rng.random() < 0.30 * severity:
            n_frag += 1
        # Fragments go between the speaker's own words, never inside another fragment.
        positions = sorted((rng.randint(1, len(toks)) for _ in range(n_frag)), reverse=True)
        for pos in positions:
            frag = [[w, "n", "noise"] for w in rng.choice(CROSSTALK).split()]
            toks[pos:pos] = frag
            extra["fragments"] += 1
        if rng.random() < 0.18:
            text, intent = rng.choice(SECOND_INTENT)
            frag = [[w, "n", "noise"] for w in text.split()]
            if rng.random() < 0.5:
                toks[0:0] = frag
            else:
                toks.extend(frag)
            extra["second_intent"] = intent
        return toks, extra

    # low_bandwidth
    for t in toks:
        r = rng.random()
        if t[0] in SUBS and r < 0.30 * severity:
            substitute(t, rng)
        elif r < 0.08 * severity:
            t[2] = "inaud"
        elif r < 0.11 * severity:
            t[2] = "drop"
    if rng.random() < 0.30 * severity:
        inaudible_burst(toks, rng, 3)
    if rng.random() < 0.35 and len(toks) > 4:
        cut = rng.randint(1, min(3, len(toks) - 2))
        for t in toks[-cut:]:
            t[2] = "trunc"
        extra["truncated"] = True
    return toks, extra


def make_unintelligible(toks, rng):
    """Turn a query into mostly [inaudible] with a word or two left."""
    live = [i for i, t in enumerate(toks) if t[2] in ("ok", "sub")]
    keep = set(rng.sample(live, min(len(live), rng.choice([1, 1, 2]))))
    for i, t in enumerate(toks):
        if i not in keep and t[2] != "noise":
            t[2] = "inaud" if rng.random() < 0.8 else "drop"
    if rng.random() < 0.5:  # make sure the kept words sit between inaudible spans
        toks.insert(0, ["", "f", "inaud"])
    return toks


def render(toks):
    words = []
    for w, _, state in toks:
        if state in ("drop", "trunc"):
            continue
        if state == "inaud":
            if not words or words[-1] != INAUDIBLE:
                words.append(INAUDIBLE)
            continue
        words.append(w)
    return " ".join(words)


def evidence(toks):
    """Intent evidence carried by intact words: keywords count most, slot values some."""
    e = 0.0
    for _, tag, state in toks:
        if tag == "k":
            e += {"ok": 1.0, "sub": 0.4}.get(state, 0.0)
        elif tag == "s":
            e += {"ok": 0.35, "sub": 0.15}.get(state, 0.0)
    return e


def original_evidence(toks):
    return sum(1.0 if tag == "k" else 0.35 if tag == "s" else 0.0 for _, tag, _ in toks)


# ---------------------------------------------------------------------------------------
# Speakers
# ---------------------------------------------------------------------------------------
def make_speakers(rng):
    ids = sorted(rng.sample(range(1, 240), N_SPEAKERS))
    counts = [int(rng.triangular(5, 40, 11)) for _ in ids]
    while sum(counts) != N_ITEMS:
        i = rng.randrange(len(counts))
        if sum(counts) > N_ITEMS and counts[i] > 5:
            counts[i] -= 1
        elif sum(counts) < N_ITEMS and counts[i] < 40:
            counts[i] += 1
    # Give each speaker a main condition so that item totals approach the target shares.
    order = list(range(N_SPEAKERS))
    rng.shuffle(order)
    assigned = {c: 0.0 for c in CONDITIONS}
    speakers = [None] * N_SPEAKERS
    for i in order:
        need = {c: CONDITION_SHARE[c] * N_ITEMS - assigned[c] for c in CONDITIONS}
        main = max(CONDITIONS, key=lambda c: (need[c], -CONDITIONS.index(c)))
        second = None
        share_main = 1.0
        if rng.random() < 0.55:
            others = [c for c in CONDITIONS if c != main]
            second = rng.choices(others, weights=[CONDITION_SHARE[c] for c in others])[0]
            share_main = rng.uniform(0.6, 0.85)
        assigned[main] += counts[i] * share_main
        if second:
            assigned[second] += counts[i] * (1 - share_main)
        home_device = rng.choices(DEVICES, weights=[45, 35, 8, 12])[0]
        speakers[i] = {
            "id": "spk%03d" % ids[i], "n": counts[i], "main": main, "second": second,
            "share_main": share_main, "device": home_device,
            "disfluency": rng.choice([0.02, 0.05, 0.08, 0.12, 0.18, 0.25]),
            "prefix_rate": rng.choice([0.05, 0.15, 0.3, 0.45]),
            "severity": round(rng.uniform(0.7, 1.4), 2),
        }
    return speakers


def pick_device(speaker, condition, rng):
    if condition == "car_noise":
        return rng.choices(["car_headunit", "phone", "watch"], weights=[82, 14, 4])[0]
    if rng.random() < 0.7:
        dev = speaker["device"]
        if dev == "car_headunit" and condition == "people_noise" and rng.random() < 0.5:
            dev = "phone"
        return dev
    weights = {"clean": [45, 40, 5, 10], "people_noise": [40, 50, 3, 7],
               "low_bandwidth": [50, 15, 10, 25]}[condition]
    return rng.choices(DEVICES, weights=weights)[0]


# ---------------------------------------------------------------------------------------
# One item
# ---------------------------------------------------------------------------------------
def make_item(speaker, condition, rng):
    ambiguous = rng.random() < AMBIGUOUS_RATE
    if ambiguous:
        template, label, confusable, base = rng.choice(AMBIGUOUS)
        intents = [label, confusable]
    else:
        label = rng.choices(INTENTS, weights=[INTENT_WEIGHTS[i] for i in INTENTS])[0]
        template, base = rng.choice(T[label])
        confusable = ""
        intents = [label]
    tokens = tag_keywords(fill(template, rng), intents)
    toks = add_speech_style(tokens, speaker, rng)
    e0 = original_evidence(toks)
    n0 = len(toks)

    unint_rate = {"car_noise": 0.03, "low_bandwidth": 0.035}.get(condition, 0.0)
    forced = rng.random() < unint_rate * speaker["severity"]
    toks, extra = degrade(toks, condition, speaker["severity"], rng)
    if forced:
        toks = make_unintelligible(toks, rng)

    text = render(toks)
    lost = sum(1 for t in toks if t[2] in ("drop", "inaud", "trunc", "sub") and t[1] != "n")
    noise_frac = min(1.0, lost / max(1, n0))
    # Share of the intent evidence still readable (word-level when a template has no keyword).
    ratio = min(1.0, evidence(toks) / e0) if e0 > 0 else 1.0 - noise_frac
    live_content = sum(1 for t in toks if t[2] == "ok" and t[1] in ("k", "s"))
    hint = any(t[2] in ("ok", "sub") and t[1] in ("k", "s") for t in toks)

    live_keywords = sum(1 for t in toks if t[2] == "ok" and t[1] == "k")
    gone = ratio < 0.2 and live_content == 0 and condition != "clean"
    if (forced and live_keywords <= 1) or gone:
        # The intent is gone from the text.
        true_intent = label
        label = "unintelligible"
        if hint:
            confusable = true_intent
            difficulty = 0.40 + 0.25 * ratio + rng.uniform(0.0, 0.1)
        else:
            confusable = ""
            difficulty = 0.12 + rng.uniform(0.0, 0.12)
        if text.replace(INAUDIBLE, "").strip() == "":
            difficulty = 0.05 + rng.uniform(0.0, 0.05)
    else:
        loss = 1.0 - ratio
        penalty = 0.50 * loss + 0.15 * noise_frac + 0.05 * extra["fragments"]
        if extra["second_intent"] and extra["second_intent"] != label:
            penalty += 0.18
        if ambiguous:
            difficulty = base + 0.5 * penalty
        else:
            difficulty = base + penalty
        difficulty += rng.uniform(-0.02, 0.03)
        if not ambiguous:
            if extra["second_intent"] and extra["second_intent"] != label:
                confusable = extra["second_intent"]
            elif difficulty >= 0.30:
                if loss > 0.5 and live_content <= 1:
                    confusable = "unintelligible"
                else:
                    confusable = rng.choice(CONFUSIONS[label])
    difficulty = round(min(0.97, max(0.0, difficulty)), 2)
    return text, label, confusable, difficulty, ambiguous


def main():
    rng = random.Random(SEED)
    speakers = make_speakers(rng)
    plan = []
    for sp in speakers:
        for _ in range(sp["n"]):
            if sp["second"] and rng.random() > sp["share_main"]:
                cond = sp["second"]
            else:
                cond = sp["main"]
            plan.append((sp, cond))
    rng.shuffle(plan)

    items, refs = [], []
    seen = set()
    for n, (sp, cond) in enumerate(plan, start=1):
        while True:
            text, label, confusable, difficulty, _ = make_item(sp, cond, rng)
            if text and (text, sp["id"]) not in seen:
                break
        seen.add((text, sp["id"]))
        device = pick_device(sp, cond, rng)
        item_id = "va%05d" % n
        items.append([item_id, text, cond, device, sp["id"]])
        refs.append([item_id, label, confusable, "%.2f" % difficulty])

    here = os.path.dirname(os.path.abspath(__file__))
    write_csv(os.path.join(here, "items.csv"),
              ["id", "text", "condition", "device", "speaker"], items)
    write_csv(os.path.join(here, "reference.csv"),
              ["id", "label", "confusable_with", "difficulty"], refs)


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    main()
